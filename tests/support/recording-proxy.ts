import { createServer, type Server } from 'node:http';
import { listenOnLoopback, readBody } from '../../src-sdk/testing/loopback-server.js';

/** One request the proxy forwarded. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Rewrites an answer on its way back: given the request and the real answer, the answer to send. */
type Answer = { status: number; body: string };
export type AnswerRewrite = (request: ProxiedRequest, answer: Answer) => Answer | undefined | Promise<Answer | undefined>;

/**
 * A loopback HTTP proxy in front of a test server: it records every request and lets a test alter
 * answers (a man in the middle, or an answer lost after the server acted on the request).
 */
export interface RecordingProxy {
  baseUrl: string;
  requests: ProxiedRequest[];
  rewrite: AnswerRewrite | undefined;
  /** Answers instead of the server, which never sees the request (an outage on the way). */
  intercept: ((request: ProxiedRequest) => Answer | undefined) | undefined;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetBaseUrl: string): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { baseUrl: '', requests: [], rewrite: undefined, intercept: undefined, close: async () => undefined };
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length' && name !== 'connection') headers[name] = value;
      }
      const recorded: ProxiedRequest = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers, body: await readBody(incoming) };
      proxy.requests.push(recorded);
      const intercepted = proxy.intercept?.(recorded);
      if (intercepted) {
        outgoing.writeHead(intercepted.status, { 'content-type': 'application/json' });
        outgoing.end(intercepted.body);
        return;
      }
      const hasBody = recorded.method !== 'GET' && recorded.method !== 'HEAD';
      const response = await fetch(`${targetBaseUrl}${recorded.path}`, { method: recorded.method, headers, body: hasBody ? recorded.body : undefined });
      const real = { status: response.status, body: await response.text() };
      const answer = (await proxy.rewrite?.(recorded, real)) ?? real;
      const answerHeaders: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'application/json' };
      const retryAfter = response.headers.get('retry-after');
      if (retryAfter !== null) answerHeaders['retry-after'] = retryAfter;
      outgoing.writeHead(answer.status, answerHeaders);
      outgoing.end(answer.body);
    })().catch((error: unknown) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`proxy error: ${(error as Error).message}`);
    });
  });
  const listening = await listenOnLoopback(server);
  proxy.baseUrl = listening.baseUrl;
  proxy.close = listening.close;
  return proxy;
}
