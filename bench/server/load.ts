import autocannon from 'autocannon';

export interface LoadResult {
  perSecond: number;
  /** How long the load ran, as autocannon measured it. */
  seconds: number;
  p99: number;
  ok: number;
  /** Answers other than 2xx plus requests that got no answer (socket errors, timeouts). */
  failed: number;
  /** Answers other than 2xx (4xx and 5xx alike). */
  non2xx: number;
  /** Answers 500-599: the server failed, whatever the client sent. */
  http5xx: number;
}

/** Drives POST requests with a fresh JSON body each time for `duration` seconds. */
export async function runLoad(options: {
  title: string;
  url: string;
  token: string;
  duration: number;
  connections: number;
  body: () => unknown;
}): Promise<LoadResult> {
  const result = await autocannon({
    title: options.title,
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.duration,
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (request: any) => ({ ...request, body: JSON.stringify(options.body()) }) }],
  });
  const ok = result['2xx'];
  console.log(
    `${options.title}: ${Math.round(ok / result.duration)}/s over ${result.duration}s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx} (5xx ${result['5xx']}), errors ${result.errors}`,
  );
  return {
    perSecond: ok / result.duration,
    seconds: result.duration,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors,
    non2xx: result.non2xx,
    http5xx: result['5xx'],
  };
}
