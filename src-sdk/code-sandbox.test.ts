import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { runCodePatch } from './code-sandbox.js';

const state: CallState = {
  request: { method: 'POST', path: '/v1/payment_intents', headers: { 'idempotency-key': 'molam-sdk-1' }, body: { amount: 5000, currency: 'EUR' } },
  options: { timeout_ms: 30_000 },
  credential: 'primary',
};
const limits = { timeoutMs: 5000 };

describe('runCodePatch', () => {
  it('gives the code a copy of the state to change in place, through `state` or `this`', async () => {
    const result = await runCodePatch('state.request.body.currency = "XOF"; this.options.timeout_ms = 60000;', state, limits);
    expect(result).toEqual({ ok: true, state: { ...state, request: { ...state.request, body: { amount: 5000, currency: 'XOF' } }, options: { timeout_ms: 60_000 } } });
    expect(state.request.body.currency).toBe('EUR');
  });

  it('takes a returned state in place of the one it was given', async () => {
    const result = await runCodePatch('return { ...state, credential: "backup" };', state, limits);
    expect(result).toEqual({ ok: true, state: { ...state, credential: 'backup' } });
  });

  it('lets the code log to a console that keeps nothing', async () => {
    const result = await runCodePatch('console.warn("Fallback"); state.options.retries = 2;', state, limits);
    expect(result.ok && result.state.options).toEqual({ timeout_ms: 30_000, retries: 2 });
  });

  it('refuses a result that is not a call state, naming the field', async () => {
    const result = await runCodePatch('state.request.method = "FETCH"; this.baseUrl = "https://api-backup.molam.com";', state, limits);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^code patch returned an invalid call state: .*request\.method/);
    expect(!result.ok && result.error).toMatch(/baseUrl/);
  });

  it('refuses a result with no JSON form and a promise', async () => {
    const cyclic = await runCodePatch('const s = { ...state }; s.self = s; return s;', state, limits);
    expect(cyclic).toEqual({ ok: false, error: expect.stringMatching(/^code patch returned a value that is not JSON/) });
    const promise = await runCodePatch('return Promise.resolve(state);', state, limits);
    expect(promise).toEqual({ ok: false, error: 'code patch returned a promise: code patches run synchronously' });
  });

  it('keeps its own JSON functions when the code replaces them', async () => {
    const result = await runCodePatch('JSON.stringify = () => "{not json"; JSON.parse = () => ({}); state.credential = "backup";', state, limits);
    expect(result).toEqual({ ok: true, state: { ...state, credential: 'backup' } });
  });

  it('reports what the code threw, and code that does not compile', async () => {
    expect(await runCodePatch('throw new TypeError("no currency")', state, limits)).toEqual({ ok: false, error: 'code patch threw TypeError: no currency' });
    expect(await runCodePatch('throw 42', state, limits)).toEqual({ ok: false, error: 'code patch threw 42' });
    expect(await runCodePatch('state.request.body.currency = ;', state, limits)).toEqual({ ok: false, error: expect.stringMatching(/^code patch does not compile: SyntaxError/) });
  });

  it.each(['require("node:fs").readFileSync("/etc/passwd")', 'process.exit(1)', 'fetch("http://127.0.0.1:1")', 'Buffer.from("x")'])('refuses a reach outside the sandbox: %s', async (code) => {
    const result = await runCodePatch(code, state, limits);
    const name = /^\w+/.exec(code)![0];
    expect(result).toEqual({ ok: false, error: `code patch used "${name}", which does not exist in the sandbox (no filesystem, network, process or module access)` });
  });

  it('refuses a dynamic import, awaited or not', async () => {
    expect(await runCodePatch('import("node:fs"); return state;', state, limits)).toEqual({ ok: false, error: 'code patch tried to import "node:fs": code patches cannot load modules' });
    expect(await runCodePatch('return import("node:child_process").then(() => state);', state, limits)).toEqual({
      ok: false,
      error: 'code patch tried to import "node:child_process": code patches cannot load modules',
    });
  });

  it('stops an infinite loop at its time limit and returns', async () => {
    const started = performance.now();
    const result = await runCodePatch('while (true) {}', state, { timeoutMs: 200 });
    expect(result).toEqual({ ok: false, error: 'code patch ran past its 200 ms limit and was stopped' });
    // Generous: the bound holds if the loop ends at all within seconds on a busy machine.
    expect(performance.now() - started).toBeLessThan(15_000);
    const swallowed = await runCodePatch('for (;;) { try { while (true) {} } catch (e) {} }', state, { timeoutMs: 200 });
    expect(swallowed).toEqual({ ok: false, error: 'code patch ran past its 200 ms limit and was stopped' });
    const backtracking = await runCodePatch('/^(a+)+$/.test("a".repeat(40) + "b"); return state;', state, { timeoutMs: 200 });
    expect(backtracking).toEqual({ ok: false, error: 'code patch ran past its 200 ms limit and was stopped' });
    for (const endless of ['const again = () => Promise.resolve().then(again); again();', 'const again = () => Promise.resolve().then(again).catch(again); again();', 'Promise.resolve().then(() => { while (true) {} });']) {
      expect(await runCodePatch(`${endless} return state;`, state, { timeoutMs: 200 })).toEqual({ ok: false, error: 'code patch ran past its 200 ms limit and was stopped' });
    }
  });

  it('stops a run quietly: the engine neither aborts nor prints, and the next patch runs', async () => {
    const printed: string[] = [];
    // The engine prints through the console it finds when it loads: a memory ceiling no other test
    // uses loads a fresh engine while the console is watched.
    const spies = (['error', 'warn', 'log'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
    );
    const limits = { timeoutMs: 100, memoryLimitBytes: 3 * 1024 * 1024 };
    try {
      for (const code of [
        'while (true) {}',
        'for (;;) { try { while (true) {} } catch (e) {} }',
        'const again = () => Promise.resolve().then(again); again(); return state;',
        'const again = () => Promise.resolve().then(again).catch(again); again(); return state;',
        'Promise.resolve().then(() => { while (true) {} }); return state;',
      ]) {
        expect(await runCodePatch(code, state, limits)).toEqual({ ok: false, error: 'code patch ran past its 100 ms limit and was stopped' });
        expect(await runCodePatch('state.options.timeout_ms = 1; return state;', state, { ...limits, timeoutMs: 1000 })).toMatchObject({ ok: true });
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed).toEqual([]);
  });

  it('stops a patch that exhausts its memory, and the next patch runs', async () => {
    const grow = 'const kept = []; for (;;) kept.push(new Array(100000).fill(kept.length));';
    const result = await runCodePatch(grow, state, { timeoutMs: 10_000, memoryLimitBytes: 8 * 1024 * 1024 });
    expect(result).toEqual({ ok: false, error: `code patch ran out of memory (limit ${8 * 1024 * 1024} bytes)` });
    const huge = await runCodePatch('new Array(50 * 1024 * 1024).fill(1)', state, { timeoutMs: 10_000, memoryLimitBytes: 8 * 1024 * 1024 });
    expect(huge).toEqual({ ok: false, error: `code patch ran out of memory (limit ${8 * 1024 * 1024} bytes)` });
    expect(await runCodePatch('state.credential = "backup"', state, { timeoutMs: 5000, memoryLimitBytes: 8 * 1024 * 1024 })).toMatchObject({ ok: true });
  });

  it('stops runaway recursion without harming the host', async () => {
    expect(await runCodePatch('const f = () => f() + 1; f();', state, limits)).toEqual({ ok: false, error: 'code patch overflowed its stack (recursion too deep)' });
    expect(await runCodePatch('state.credential = "backup"', state, limits)).toMatchObject({ ok: true, state: { credential: 'backup' } });
  });

  it('refuses bad limits and empty code', async () => {
    expect(await runCodePatch('return state', state, { timeoutMs: 0 })).toEqual({ ok: false, error: 'timeoutMs must be a positive number, got 0' });
    expect(await runCodePatch('return state', state, { timeoutMs: 100, memoryLimitBytes: 10 })).toEqual({ ok: false, error: expect.stringMatching(/^memoryLimitBytes must be/) });
    expect(await runCodePatch('  ', state, limits)).toEqual({ ok: false, error: 'code patch is empty' });
  });
});

describe('runCodePatch without the QuickJS packages', () => {
  afterEach(() => {
    vi.doUnmock('quickjs-emscripten-core');
    vi.resetModules();
  });

  it('loads QuickJS only when a code patch runs, and then names the optional packages to install', async () => {
    vi.resetModules();
    vi.doMock('quickjs-emscripten-core', () => {
      throw new Error("Cannot find package 'quickjs-emscripten-core'");
    });
    const { runCodePatch: runWithoutEngine } = await import('./code-sandbox.js');
    const result = await runWithoutEngine('return state', state, limits);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('code patches need the optional packages quickjs-emscripten-core@0.32.0 and @jitl/quickjs-wasmfile-release-sync@0.32.0') });
  });
});
