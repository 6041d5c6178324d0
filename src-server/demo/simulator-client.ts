/** One answer from the server, JSON-parsed when it is JSON. */
export interface SimulatorResponse {
  status: number;
  body: any;
}

/** What a failed request says: the simulator counts it and logs it at debug level. */
export class SimulatorRequestError extends Error {
  constructor(
    readonly request: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`${request}: ${status === null ? detail : `HTTP ${status}: ${detail}`}`);
  }
}

const TIMEOUT_MS = 10_000;

/**
 * A small HTTP client for the traffic simulator: it talks to the server over real HTTP, like a
 * plugin, an SDK or the analyser would. Statuses outside `expect` become SimulatorRequestError.
 */
export class SimulatorClient {
  constructor(
    private readonly baseUrl: string,
    private readonly onRequest: () => void = () => undefined,
  ) {}

  async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { token: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; expect?: readonly number[] },
  ): Promise<SimulatorResponse> {
    const label = `${method} ${path.split('?')[0]}`;
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, ...options.headers };
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    this.onRequest();
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new SimulatorRequestError(label, null, (error as Error).message);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    const expect = options.expect ?? [200, 201, 202];
    if (!expect.includes(response.status)) {
      const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? text.slice(0, 200);
      throw new SimulatorRequestError(label, response.status, message);
    }
    return { status: response.status, body: parsed };
  }
}
