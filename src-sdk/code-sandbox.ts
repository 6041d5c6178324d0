import type { CustomizeVariantOptions, InterruptHandler, QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { CallStateSchema, type CallState } from '../src-shared/patch-engine/dry-run-schema.js';

/**
 * Runs a free-form code patch (the registry's `patch_code`) in QuickJS compiled to WebAssembly: no
 * filesystem, network, process or module access, a wall-clock deadline and a memory ceiling.
 *
 * What the code is and gets: the body of a function called with the call's state (a JSON copy of the
 * `CallState`: request, options, credential reference) both as its `state` parameter and as `this`,
 * so the older `this.x = …` style works. It changes that copy in place, or returns a new state; what
 * it ends with is checked against the `CallState` schema. It runs synchronously: a returned promise
 * is refused. `console` exists and discards what it is given. Nothing of the host reaches the code.
 *
 * The QuickJS packages are optional dependencies of the SDK, loaded on the first code patch only.
 */

/** Bytes QuickJS holds before any code runs (Emscripten's initial memory for this build). */
const ENGINE_BASE_BYTES = 16 * 1024 * 1024;
const WASM_PAGE_BYTES = 64 * 1024;
const DEFAULT_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/** QuickJS's stack; wasm frames also use the host's stack, which a larger value could exhaust first. */
const MAX_STACK_BYTES = 256 * 1024;
/** The optional dependencies, as the SDK's package.json pins them. */
const QUICKJS_PACKAGES = 'quickjs-emscripten-core@0.32.0 and @jitl/quickjs-wasmfile-release-sync@0.32.0';

type CodePatchResult = { ok: true; state: CallState } | { ok: false; error: string };

type WasmMemory = NonNullable<CustomizeVariantOptions['wasmMemory']>;
/** Node's `WebAssembly.Memory` (the SDK's ES2023 typings do not declare the WebAssembly global). */
const wasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory } }).WebAssembly.Memory;

interface Engine {
  module: QuickJSWASMModule;
  deadline(at: number): InterruptHandler;
}

/**
 * One engine per memory ceiling, loaded once: its WebAssembly memory cannot grow past the ceiling, so
 * a patch that allocates without end meets an out-of-memory error instead of the host's memory.
 */
const engines = new Map<number, Promise<Engine>>();

async function loadEngine(maxPages: number): Promise<Engine> {
  // Dynamic imports: a client that never runs a code patch never loads QuickJS.
  const [core, variant] = await Promise.all([import('quickjs-emscripten-core'), import('@jitl/quickjs-wasmfile-release-sync')]);
  const memory = new wasmMemory({ initial: ENGINE_BASE_BYTES / WASM_PAGE_BYTES, maximum: maxPages });
  // The variant's types describe its CommonJS face; imported as ESM, its default export is the variant.
  const base = variant.default as unknown as QuickJSSyncVariant;
  const module = await core.newQuickJSWASMModuleFromVariant(core.newVariant(base, { wasmMemory: memory }));
  return { module, deadline: core.shouldInterruptAfterDeadline };
}

function engineFor(memoryLimitBytes: number): Promise<Engine> {
  const maxPages = Math.ceil((ENGINE_BASE_BYTES + memoryLimitBytes) / WASM_PAGE_BYTES);
  let engine = engines.get(maxPages);
  if (!engine) {
    engine = loadEngine(maxPages);
    engines.set(maxPages, engine);
    // A failed load is not kept: the packages may be installed later.
    engine.catch(() => engines.delete(maxPages));
  }
  return engine;
}

/** Drops every loaded engine, so the next run instantiates a fresh one (after the host saw a WebAssembly fault). */
function discardEngines(): void {
  engines.clear();
}

/** Compiles the patch (`new Function`, inside the sandbox) so a syntax error is told apart from a failure while running. */
const COMPILE = `(source) => new Function('state', source)`;
/**
 * Runs the compiled patch on a parsed copy of the state. Answers one string, its first character
 * saying what follows: `o` the result's JSON, `p` a promise, `n` why the result has no JSON form.
 * JSON's functions are taken before the patch runs, so a patch that replaces them changes nothing.
 */
const RUN = `((parse, stringify) => (patch, input) => {
  const state = parse(input);
  const out = patch.call(state, state);
  const result = out === undefined ? state : out;
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') return 'p';
  let json;
  try { json = stringify(result); } catch (error) { return 'n' + String(error && error.message); }
  return typeof json === 'string' ? 'o' + json : 'n' + 'the result has no JSON form (' + typeof result + ')';
})(JSON.parse, JSON.stringify)`;
/** Longest part of a thrown message repeated in an error. */
const MAX_MESSAGE_CHARS = 500;
/** Promise jobs run between two looks at the clock. */
const JOB_BATCH = 64;
const CONSOLE = `globalThis.console = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} });`;

interface ThrownValue {
  name?: unknown;
  message?: unknown;
}

/** The words for a value the code threw (or the engine raised), naming what happened. */
function describeThrow(thrown: unknown, limits: { timeoutMs: number; memoryLimitBytes: number }): string {
  const { name, message } = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as ThrownValue;
  const text = (typeof message === 'string' ? message : String(thrown)).slice(0, MAX_MESSAGE_CHARS);
  if (name === 'InternalError' && text === 'interrupted') return `code patch ran past its ${limits.timeoutMs} ms limit and was stopped`;
  if (name === 'InternalError' && text === 'out of memory') return `code patch ran out of memory (limit ${limits.memoryLimitBytes} bytes)`;
  if (name === 'InternalError' && text === 'stack overflow') return 'code patch overflowed its stack (recursion too deep)';
  const undefinedName = name === 'ReferenceError' ? /^'([^']+)' is not defined$/.exec(text)?.[1] : undefined;
  if (undefinedName) return `code patch used "${undefinedName}", which does not exist in the sandbox (no filesystem, network, process or module access)`;
  return `code patch threw ${typeof name === 'string' ? `${name}: ` : ''}${text}`;
}

function describeInvalidState(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const listed = issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(state)'}: ${issue.message}`);
  return `code patch returned an invalid call state: ${listed.join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`;
}

/** Calls `fn(...args)` in the context; the error is the thrown value as JSON (the engine's errors included). */
function call(context: QuickJSContext, fn: QuickJSHandle, args: QuickJSHandle[]): { value: QuickJSHandle } | { thrown: unknown } {
  const result = context.callFunction(fn, context.undefined, ...args);
  if (result.error) {
    return result.error.consume((error) => {
      try {
        return { thrown: context.dump(error) as unknown };
      } catch {
        return { thrown: 'a value the sandbox could not read' };
      }
    });
  }
  return { value: result.value };
}

function evalHandle(context: QuickJSContext, code: string, filename: string): QuickJSHandle {
  return context.unwrapResult(context.evalCode(code, filename, { type: 'global', strict: true }));
}

function runInContext(context: QuickJSContext, code: string, input: string, limits: { timeoutMs: number; memoryLimitBytes: number }): CodePatchResult {
  evalHandle(context, CONSOLE, 'sandbox-console.js').dispose();
  const compile = evalHandle(context, COMPILE, 'sandbox-compile.js');
  const run = evalHandle(context, RUN, 'sandbox-run.js');
  const source = context.newString(code);
  const json = context.newString(input);
  try {
    const compiled = call(context, compile, [source]);
    if ('thrown' in compiled) {
      const { name, message } = (compiled.thrown ?? {}) as ThrownValue;
      if (name === 'SyntaxError') return { ok: false, error: `code patch does not compile: SyntaxError: ${String(message)}` };
      return { ok: false, error: describeThrow(compiled.thrown, limits) };
    }
    const ran = compiled.value.consume((patch) => call(context, run, [patch, json]));
    if ('thrown' in ran) return { ok: false, error: describeThrow(ran.thrown, limits) };
    const answer = ran.value.consume((handle) => context.getString(handle));
    const payload = answer.slice(1);
    if (answer.startsWith('p')) return { ok: false, error: 'code patch returned a promise: code patches run synchronously' };
    if (answer.startsWith('n')) return { ok: false, error: `code patch returned a value that is not JSON: ${payload.slice(0, MAX_MESSAGE_CHARS)}` };
    const parsed = CallStateSchema.safeParse(JSON.parse(payload));
    return parsed.success ? { ok: true, state: parsed.data } : { ok: false, error: describeInvalidState(parsed.error.issues) };
  } finally {
    for (const handle of [source, json, run, compile]) handle.dispose();
  }
}

/**
 * Runs a code patch on a copy of the call's state. Never throws: an invalid result, a throw, a
 * timeout, memory exhaustion, a reach for something the sandbox does not have, or missing QuickJS
 * packages each give `{ ok: false, error }` naming what happened. The run is synchronous on the
 * calling thread once the engine is loaded, bounded by `timeoutMs`.
 */
export async function runCodePatch(code: string, state: CallState, options: { timeoutMs: number; memoryLimitBytes?: number }): Promise<CodePatchResult> {
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) return { ok: false, error: `timeoutMs must be a positive number, got ${String(options.timeoutMs)}` };
  if (!Number.isInteger(memoryLimitBytes) || memoryLimitBytes < 1024 * 1024) return { ok: false, error: `memoryLimitBytes must be a whole number of at least 1 MiB, got ${String(memoryLimitBytes)}` };
  if (typeof code !== 'string' || code.trim() === '') return { ok: false, error: 'code patch is empty' };
  let engine: Engine;
  try {
    engine = await engineFor(memoryLimitBytes);
  } catch (error) {
    return {
      ok: false,
      error: `code patches need the optional packages ${QUICKJS_PACKAGES}, which could not be loaded (${(error as Error).message}); install them or leave code patches off`,
    };
  }
  const limits = { timeoutMs: options.timeoutMs, memoryLimitBytes };
  let runtime: QuickJSRuntime | undefined;
  let context: QuickJSContext | undefined;
  let importRequested: string | undefined;
  // A run stopped mid-way (its deadline, or jobs still queued) leaves objects QuickJS cannot free
  // (freeing the runtime then aborts with an assertion): its engine is dropped whole instead, memory
  // and all, and the next code patch loads a fresh one.
  let abandoned = false;
  try {
    runtime = engine.module.newRuntime();
    runtime.setMemoryLimit(memoryLimitBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    runtime.setModuleLoader((name) => {
      importRequested ??= name;
      return { error: new Error(`module "${name}" cannot be loaded in a code patch`) };
    });
    const deadline = Date.now() + options.timeoutMs;
    const pastDeadline = engine.deadline(deadline);
    let interrupted = false;
    runtime.setInterruptHandler((rt) => (pastDeadline(rt) ? (interrupted = abandoned = true) : false));
    context = runtime.newContext();
    const result = runInContext(context, code, JSON.stringify(state), limits);
    // Jobs the code queued (promise callbacks, an import() it started) run now, in batches under the
    // same deadline, checked here too: a callback may swallow its own interruption as a rejection.
    // They cannot change the result, already taken, but an import attempt or running late fails the patch.
    while (runtime.hasPendingJob() && !interrupted && Date.now() < deadline) runtime.executePendingJobs(JOB_BATCH).dispose();
    if (runtime.hasPendingJob()) abandoned = true;
    if (importRequested !== undefined) return { ok: false, error: `code patch tried to import "${importRequested}": code patches cannot load modules` };
    if (interrupted || abandoned) return { ok: false, error: describeThrow({ name: 'InternalError', message: 'interrupted' }, limits) };
    return result;
  } catch (error) {
    // A fault of the engine itself (the host's stack, a WebAssembly trap): this engine is not reused.
    discardEngines();
    return { ok: false, error: `code patch stopped the sandbox: ${(error as Error).message}` };
  } finally {
    if (abandoned) discardEngines();
    else try {
      context?.dispose();
      runtime?.dispose();
    } catch {
      discardEngines();
    }
  }
}
