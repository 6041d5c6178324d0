import {
  IpcResultSchema,
  isIpcChannel,
  isIpcEventName,
  type IpcEventName,
  type IpcResult,
  type OpsApi,
} from '../../src-shared/ipc/contract.js';
import {
  SOCKET_PATH,
  SOCKET_PROTOCOL,
  SOCKET_SECRET_PREFIX,
  ServerFrameSchema,
  type InvokeFrame,
} from '../../src-shared/transport/socket-frames.js';

/** Whether the socket to the browser shell is up. */
export type SocketState = 'connecting' | 'open' | 'closed';

/** The contract over the browser shell's socket, plus its connection state for a banner. */
export interface SocketBridge extends OpsApi {
  state(): SocketState;
  onStateChange(listener: (state: SocketState) => void): () => void;
  close(): void;
}

export interface SocketBridgeOptions {
  /** e.g. `ws://127.0.0.1:4380` (the page's own host). */
  baseUrl: string;
  secret: string;
  /** Injected for tests; the browser's WebSocket by default. */
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

function offline(message: string): IpcResult<never> {
  return { ok: false, error: { kind: 'offline', message } };
}

/**
 * Talks to the browser shell over one WebSocket: calls are paired with their answers by id, pushed
 * events go to their listeners, and a lost socket is reopened with backoff. Calls made while the
 * socket is down wait for it; calls in flight when it drops answer `offline` (the main process may or
 * may not have run them, which is safe: decisions are idempotent in the outbox).
 */
export function createSocketBridge(options: SocketBridgeOptions): SocketBridge {
  const open = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const waiting: InvokeFrame[] = [];
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: SocketState) => void>();
  let state: SocketState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failures = 0;
  let closedByUser = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: SocketState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const connect = () => {
    setState('connecting');
    const current = open(`${options.baseUrl}${SOCKET_PATH}`, [SOCKET_PROTOCOL, `${SOCKET_SECRET_PREFIX}${options.secret}`]);
    socket = current;
    current.addEventListener('open', () => {
      failures = 0;
      setState('open');
      for (const frame of waiting.splice(0)) current.send(JSON.stringify(frame));
    });
    current.addEventListener('message', (message) => receive(message.data));
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      // Everything not answered is reported offline, so nothing is sent later behind the user's back.
      waiting.length = 0;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve(offline('the connection to the console process was lost'));
      }
      setState('closed');
      if (closedByUser) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
      failures += 1;
      retryTimer = setTimeout(connect, delay);
    });
  };

  const receive = (data: unknown) => {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const frame = ServerFrameSchema.safeParse(parsed);
    if (!frame.success) return;
    if (frame.data.type === 'result') {
      const resolve = pending.get(frame.data.id);
      if (!resolve) return;
      pending.delete(frame.data.id);
      const result = IpcResultSchema.safeParse(frame.data.result);
      resolve(result.success ? (result.data as IpcResult<unknown>) : { ok: false, error: { kind: 'internal', message: 'unreadable answer' } });
      return;
    }
    const { event, payload } = frame.data;
    if (!isIpcEventName(event)) return;
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  connect();

  const bridge: SocketBridge = {
    invoke(channel, request) {
      if (!isIpcChannel(channel)) {
        return Promise.resolve({ ok: false, error: { kind: 'invalid_request', message: `unknown channel ${String(channel)}` } });
      }
      if (closedByUser) return Promise.resolve(offline('the connection was closed'));
      const frame: InvokeFrame = { type: 'invoke', id: nextId++, channel, request };
      return new Promise((resolve) => {
        pending.set(frame.id, resolve as (result: IpcResult<unknown>) => void);
        if (socket && state === 'open') socket.send(JSON.stringify(frame));
        else waiting.push(frame);
      });
    },
    on(event, listener) {
      if (!isIpcEventName(event)) throw new Error(`unknown event ${String(event)}`);
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
  return bridge;
}
