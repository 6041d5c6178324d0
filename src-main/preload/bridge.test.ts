import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createOpsBridge, type RendererPort } from './bridge.js';

/** Stands in for Electron's ipcRenderer: a real emitter for pushes, a recorder for calls. */
function makePort() {
  const emitter = new EventEmitter();
  const calls: Array<{ channel: string; args: unknown[] }> = [];
  const port: RendererPort = {
    invoke: async (channel, ...args) => {
      calls.push({ channel, args });
      return { ok: true, data: { echoed: args[0] } };
    },
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
  };
  const senderEvent = { sender: 'the Electron event object', ports: [] };
  return { port, calls, push: (event: string, payload: unknown) => emitter.emit(event, senderEvent, payload), emitter };
}

describe('the preload bridge', () => {
  it('passes a contract channel and its request to main, and hands back main’s envelope', async () => {
    const { port, calls } = makePort();
    const api = createOpsBridge(port);
    await expect(api.invoke('ops:sync.status', {})).resolves.toEqual({ ok: true, data: { echoed: {} } });
    expect(calls).toEqual([{ channel: 'ops:sync.status', args: [{}] }]);
  });

  it('refuses a channel outside the contract without calling main', async () => {
    const { port, calls } = makePort();
    const api = createOpsBridge(port);
    for (const channel of ['ops:nope', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'toString']) {
      const result = await api.invoke(channel as never, {} as never);
      expect(result, channel).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    }
    expect(calls).toEqual([]);
  });

  it('gives listeners the payload only, never the Electron event object', () => {
    const { port, push } = makePort();
    const api = createOpsBridge(port);
    const received: unknown[][] = [];
    api.on('cache.changed', (...args: unknown[]) => received.push(args));
    push('cache.changed', { tables: ['healing_logs'] });
    expect(received).toEqual([[{ tables: ['healing_logs'] }]]);
  });

  it('stops delivering after unsubscribe', () => {
    const { port, push, emitter } = makePort();
    const api = createOpsBridge(port);
    const received: unknown[] = [];
    const unsubscribe = api.on('sync.status', (payload) => received.push(payload));
    unsubscribe();
    push('sync.status', { connectivity: 'online' });
    expect(received).toEqual([]);
    expect(emitter.listenerCount('sync.status')).toBe(0);
  });

  it('refuses to subscribe to an event outside the contract or without a function', () => {
    const { port, emitter } = makePort();
    const api = createOpsBridge(port);
    expect(() => api.on('ipc-message' as never, () => {})).toThrow(/unknown event/);
    expect(() => api.on('cache.changed', 'not a function' as never)).toThrow(/function/);
    expect(emitter.eventNames()).toEqual([]);
  });

  it('is frozen, so the page cannot swap its methods', () => {
    const api = createOpsBridge(makePort().port);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });
});
