import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rolloutStepsProblem } from '../src-shared/domain/patch-rollout.js';
import type { ServerConfig } from './context.js';

/** A flag or environment variable the server cannot start with; the CLI prints it and exits with code 2. */
export class ConfigError extends Error {}

/** What the command line asked for: run with a configuration, or print the help text. */
export type ParsedCommandLine = { kind: 'run'; config: ServerConfig } | { kind: 'help'; text: string };

export const DEFAULT_PORT = 8140;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.molam-server';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const HELP_TEXT = `Usage: npm run server -- [options]

Starts the Molam reference backend (embedded PGlite unless DATABASE_URL is set).

Options (each has an environment variable; a flag wins over its variable):
  --port <n>          port to listen on, 0-65535 (0 picks a free one)   MOLAM_PORT       default ${DEFAULT_PORT}
  --host <addr>       address to listen on                              MOLAM_HOST       default ${DEFAULT_HOST}
  --data-dir <path>   PGlite data, admin-token file                     MOLAM_DATA_DIR   default ./${DEFAULT_DATA_DIR}
  --demo              demo data, public demo tokens, traffic simulator  MOLAM_DEMO=1     default off
  --log-level <l>     ${LOG_LEVELS.join(', ')}       MOLAM_LOG_LEVEL  default info
  --help              print this text

Environment only:
  DATABASE_URL        postgres://user:pass@host:5432/db to use PostgreSQL instead of PGlite
                      (kept out of the flags so the password does not show in the process list)
  MOLAM_PATCH_SIGNATURE_TTL_MS
                      how long a patch signature is valid, in ms (re-signed when half is left)
                      default 1209600000 (14 days)
  MOLAM_ROLLOUT_STEPS shares of developers (percent) a patch version's rollout serves step by step,
                      increasing, the last 100                                  default 5,25,100
  MOLAM_ROLLOUT_MIN_APPLICATIONS
                      applications a rollout step needs before it advances or halts   default 20
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  demo: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off']);

function parsePort(value: string, source: string): number {
  if (!/^\d{1,5}$/.test(value.trim()) || Number(value) > 65535) {
    throw new ConfigError(`${source} must be a port number from 0 to 65535 (got "${value}")`);
  }
  return Number(value);
}

function parseHost(value: string, source: string): string {
  const host = value.trim();
  // A host name or an IPv4/IPv6 address; anything with spaces, slashes or a scheme is a mistake.
  if (!/^[A-Za-z0-9.:%_[\]-]{1,253}$/.test(host)) {
    throw new ConfigError(`${source} must be a host name or IP address (got "${value}")`);
  }
  return host;
}

function parseLogLevel(value: string, source: string): string {
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`${source} must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`);
  }
  return level;
}

function parseBoolean(value: string, source: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ConfigError(`${source} must be 1 or 0 (got "${value}")`);
}

function parseDatabaseUrl(value: string): string | undefined {
  const url = value.trim();
  if (url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    // The URL may carry a password: name the scheme only.
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//…)`);
  }
  return url;
}

/** A patch signature's validity: at least a minute (the re-sign sweep runs hourly; tests use short ones). */
function parseSignatureTtl(value: string, source: string): number {
  const ms = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(ms) || ms < 60_000) {
    throw new ConfigError(`${source} must be a number of milliseconds, at least 60000 (got "${value}")`);
  }
  return ms;
}

/** Rollout steps: comma-separated increasing shares in percent, ending at 100. */
function parseRolloutSteps(value: string, source: string): number[] {
  const words = value.split(',').map((word) => word.trim());
  const steps = words.map(Number);
  const problem = words.some((word) => !/^\d+(\.\d+)?$/.test(word)) ? 'each step is a number' : rolloutStepsProblem(steps);
  if (problem) throw new ConfigError(`${source} must be increasing shares in percent ending at 100, e.g. 5,25,100: ${problem} (got "${value}")`);
  return steps;
}

function parseMinApplications(value: string, source: string): number {
  if (!/^\d{1,6}$/.test(value.trim()) || Number(value) < 1) {
    throw new ConfigError(`${source} must be a whole number of applications from 1 to 999999 (got "${value}")`);
  }
  return Number(value);
}

/**
 * The rollout options set by environment (MOLAM_ROLLOUT_STEPS, MOLAM_ROLLOUT_MIN_APPLICATIONS), for
 * the CLI and for servers started in-process (the console's embedded backend).
 */
export function rolloutOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): Pick<ServerConfig, 'rolloutSteps' | 'rolloutMinApplications'> {
  const steps = env.MOLAM_ROLLOUT_STEPS;
  const min = env.MOLAM_ROLLOUT_MIN_APPLICATIONS;
  return {
    ...(steps !== undefined ? { rolloutSteps: parseRolloutSteps(steps, 'MOLAM_ROLLOUT_STEPS') } : {}),
    ...(min !== undefined ? { rolloutMinApplications: parseMinApplications(min, 'MOLAM_ROLLOUT_MIN_APPLICATIONS') } : {}),
  };
}

function parseDataDir(value: string, source: string, cwd: string): string {
  if (value.trim() === '') throw new ConfigError(`${source} must not be empty`);
  return resolve(cwd, value);
}

/** Turns node:util's parse errors into one line naming the flag. */
function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ConfigError(`unknown flag ${flag ?? message} (see --help)`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const word = /'([^']*)'/.exec(message)?.[1];
      throw new ConfigError(`unexpected argument "${word ?? '?'}" (flags start with --; see --help)`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
      throw new ConfigError(/does not take/.test(message) ? `${flag} takes no value` : `${flag} needs a value`);
    }
    throw new ConfigError(message.split('\n')[0]!);
  }
}

/**
 * Reads the server configuration from command-line flags and environment variables (a flag wins
 * over its variable, both win over the default). Throws ConfigError naming the bad flag or variable.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ParsedCommandLine {
  const flags = readFlags(argv);
  if (flags.help) return { kind: 'help', text: HELP_TEXT };

  const pick = (flag: keyof typeof flags, variable: string): { value: string; source: string } | undefined => {
    const fromFlag = flags[flag];
    if (typeof fromFlag === 'string') return { value: fromFlag, source: `--${flag}` };
    const fromEnv = env[variable];
    if (fromEnv !== undefined) return { value: fromEnv, source: variable };
    return undefined;
  };

  const port = pick('port', 'MOLAM_PORT');
  const host = pick('host', 'MOLAM_HOST');
  const dataDir = pick('data-dir', 'MOLAM_DATA_DIR');
  const logLevel = pick('log-level', 'MOLAM_LOG_LEVEL');
  const demo = flags.demo === true ? true : env.MOLAM_DEMO !== undefined ? parseBoolean(env.MOLAM_DEMO, 'MOLAM_DEMO') : false;
  const databaseUrl = env.DATABASE_URL === undefined ? undefined : parseDatabaseUrl(env.DATABASE_URL);
  const signatureTtl = env.MOLAM_PATCH_SIGNATURE_TTL_MS;

  return {
    kind: 'run',
    config: {
      port: port ? parsePort(port.value, port.source) : DEFAULT_PORT,
      host: host ? parseHost(host.value, host.source) : DEFAULT_HOST,
      dataDir: dataDir ? parseDataDir(dataDir.value, dataDir.source, cwd) : resolve(cwd, DEFAULT_DATA_DIR),
      ...(databaseUrl ? { databaseUrl } : {}),
      demo,
      defaultAutoApplyThreshold: 85,
      checkResponses: false,
      logLevel: logLevel ? parseLogLevel(logLevel.value, logLevel.source) : 'info',
      ...(signatureTtl !== undefined ? { patchSignatureTtlMs: parseSignatureTtl(signatureTtl, 'MOLAM_PATCH_SIGNATURE_TTL_MS') } : {}),
      ...rolloutOptionsFromEnv(env),
    },
  };
}
