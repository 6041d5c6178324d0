/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a `text/event-stream` body (the WHATWG rules: LF, CR or CRLF line ends, `:` comments,
 * multi-line `data`, default event "message"). `onActivity` is called for every chunk, comments
 * included, so a caller can tell a quiet connection from a dead one.
 */
export async function* parseEventStream(
  body: ReadableStream<Uint8Array>,
  onActivity: () => void = () => undefined,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let lastId: string | undefined;
  const reader = body.getReader();
  try {
    for (let finished = false; !finished; ) {
      const { value, done } = await reader.read();
      finished = done;
      if (!done) {
        onActivity();
        buffer += decoder.decode(value, { stream: true });
      }
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end < 0) break;
        // A lone CR at the very end may be the first half of CRLF: wait for the next chunk (if any).
        if (!finished && buffer[end] === '\r' && end === buffer.length - 1) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            if (id !== undefined) lastId = id;
            yield { event: event || 'message', data: data.join('\n'), id: lastId };
          }
          event = '';
          data = [];
          id = undefined;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let fieldValue = colon < 0 ? '' : line.slice(colon + 1);
        if (fieldValue.startsWith(' ')) fieldValue = fieldValue.slice(1);
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
        else if (field === 'id' && !fieldValue.includes('\0')) id = fieldValue;
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}
