import { describe, expect, it } from 'vitest';
import { parseEventStream, type ServerSentEvent } from './event-stream.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseEventStream(streamOf(chunks))) events.push(event);
  return events;
}

describe('event-stream parser', () => {
  it('reads named events, comments and multi-line data split across chunks', async () => {
    const events = await collect(['retry: 2000\nevent: hel', 'lo\ndata: {"cursor":1}\n\n: keep-alive\n\n', 'event: changes\ndata: a\ndata: b\n\n']);
    expect(events).toEqual([
      { event: 'hello', data: '{"cursor":1}', id: undefined },
      { event: 'changes', data: 'a\nb', id: undefined },
    ]);
  });

  it('accepts CRLF and CR line ends, even with CRLF split between chunks, and keeps the last id', async () => {
    const events = await collect(['id: 7\r\ndata: x\r', '\n\r\ndata:y\r\r']);
    expect(events).toEqual([
      { event: 'message', data: 'x', id: '7' },
      { event: 'message', data: 'y', id: '7' },
    ]);
  });

  it('drops an event left unfinished when the stream ends, and events without data', async () => {
    expect(await collect(['event: lonely\n\n', 'data: half'])).toEqual([]);
  });
});
