/** A loopback HTTP stand-in for the patch registry's SDK endpoints, for the SDK's unit tests. */
import { createServer } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';

export interface FakeRegistryRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeRegistry {
  baseUrl: string;
  requests: FakeRegistryRequest[];
  /** The answer to the next requests: a status and a JSON body, per path (without its query). */
  answers: Map<string, { status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const registry: FakeRegistry = { baseUrl: '', requests: [], answers: new Map(), close: async () => undefined };
  const server = createServer((incoming, outgoing) => {
    void readBody(incoming).then((body) => {
      const path = incoming.url ?? '/';
      registry.requests.push({ method: incoming.method ?? 'GET', path, headers: incoming.headers, body });
      const answer = registry.answers.get(path.split('?')[0]!) ?? { status: 404, body: { error: { code: 'not_found', message: 'no answer set' } } };
      outgoing.writeHead(answer.status, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(answer.body));
    });
  });
  const listening = await listenOnLoopback(server);
  registry.baseUrl = listening.baseUrl;
  registry.close = listening.close;
  return registry;
}
