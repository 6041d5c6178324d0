import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from './config.js';

const CWD = '/srv/molam';
const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(argv, env, CWD);
  if (parsed.kind !== 'run') throw new Error('expected a run configuration');
  return parsed.config;
};
const failure = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseCommandLine(argv, env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('server command line', () => {
  it('defaults to 127.0.0.1:8140, PGlite under ./.molam-server, no demo, info logs', () => {
    expect(run([])).toEqual({
      host: '127.0.0.1',
      port: 8140,
      dataDir: '/srv/molam/.molam-server',
      demo: false,
      defaultAutoApplyThreshold: 85,
      checkResponses: false,
      logLevel: 'info',
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const config = run(['--port', '9000', '--host=0.0.0.0', '--data-dir', 'var/data', '--demo', '--log-level=debug']);
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/srv/molam/var/data', demo: true, logLevel: 'debug' });
  });

  it('reads every environment variable, and DATABASE_URL selects PostgreSQL', () => {
    const config = run([], {
      MOLAM_PORT: '0',
      MOLAM_HOST: '::1',
      MOLAM_DATA_DIR: '/var/lib/molam',
      MOLAM_DEMO: '1',
      MOLAM_LOG_LEVEL: 'WARN',
      DATABASE_URL: 'postgres://molam:secret@db:5432/molam',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '::1',
      dataDir: '/var/lib/molam',
      demo: true,
      logLevel: 'warn',
      databaseUrl: 'postgres://molam:secret@db:5432/molam',
    });
  });

  it('lets a flag win over its environment variable', () => {
    const env = { MOLAM_PORT: '7000', MOLAM_HOST: '10.0.0.1', MOLAM_DATA_DIR: '/env', MOLAM_LOG_LEVEL: 'error', MOLAM_DEMO: '0' };
    const config = run(['--port', '7001', '--host', 'localhost', '--data-dir', '/flag', '--log-level', 'trace', '--demo'], env);
    expect(config).toMatchObject({ port: 7001, host: 'localhost', dataDir: '/flag', logLevel: 'trace', demo: true });
  });

  it('treats MOLAM_DEMO=0, false or empty as off and an empty DATABASE_URL as unset', () => {
    for (const value of ['0', 'false', '', 'off']) expect(run([], { MOLAM_DEMO: value }).demo).toBe(false);
    expect(run([], { MOLAM_DEMO: 'yes' }).demo).toBe(true);
    expect(run([], { DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('returns the help text for --help and -h, even with other flags', () => {
    for (const argv of [['--help'], ['-h'], ['--port', '1', '--help']]) {
      const parsed = parseCommandLine(argv, {}, CWD);
      expect(parsed.kind).toBe('help');
      if (parsed.kind === 'help') expect(parsed.text).toMatch(/--data-dir <path>[\s\S]*DATABASE_URL/);
    }
  });

  it('names an unknown flag, a stray argument and a flag missing or refusing its value', () => {
    expect(failure(['--prot', '80'])).toBe('unknown flag --prot (see --help)');
    expect(failure(['-x'])).toBe('unknown flag -x (see --help)');
    expect(failure(['serve'])).toBe('unexpected argument "serve" (flags start with --; see --help)');
    expect(failure(['--port'])).toBe('--port needs a value');
    expect(failure(['--port', '--demo'])).toBe('--port needs a value');
    expect(failure(['--demo=yes'])).toBe('--demo takes no value');
  });

  it('refuses ports outside 0-65535 or not a number, naming the flag or variable', () => {
    for (const bad of ['65536', '-1', 'http', '80.5', '', '1e3', '999999']) {
      expect(failure([`--port=${bad}`])).toBe(`--port must be a port number from 0 to 65535 (got "${bad}")`);
    }
    expect(failure([], { MOLAM_PORT: '70000' })).toMatch(/^MOLAM_PORT must be a port number/);
    expect(run(['--port', '65535']).port).toBe(65535);
  });

  it('refuses a bad host, log level, demo switch, data dir or database URL', () => {
    expect(failure(['--host', 'http://example.com'])).toMatch(/^--host must be a host name/);
    expect(failure(['--log-level', 'loud'])).toMatch(/^--log-level must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(failure([], { MOLAM_LOG_LEVEL: 'verbose' })).toMatch(/^MOLAM_LOG_LEVEL must be one of/);
    expect(failure([], { MOLAM_DEMO: 'maybe' })).toBe('MOLAM_DEMO must be 1 or 0 (got "maybe")');
    expect(failure(['--data-dir='])).toBe('--data-dir must not be empty');
    expect(failure([], { DATABASE_URL: 'not a url' })).toMatch(/^DATABASE_URL is not a URL/);
  });

  it('reads how patch rollouts proceed, and refuses steps that do not increase to 100 or a minimum below 1', () => {
    expect(run([], { MOLAM_ROLLOUT_STEPS: '10, 50,100', MOLAM_ROLLOUT_MIN_APPLICATIONS: '40' })).toMatchObject({ rolloutSteps: [10, 50, 100], rolloutMinApplications: 40 });
    expect(run([], { MOLAM_ROLLOUT_STEPS: '100' }).rolloutSteps).toEqual([100]);
    expect(failure([], { MOLAM_ROLLOUT_STEPS: '25,5,100' })).toMatch(/^MOLAM_ROLLOUT_STEPS must be increasing shares .*: the shares must increase step by step \(got "25,5,100"\)$/);
    expect(failure([], { MOLAM_ROLLOUT_STEPS: '5,25' })).toMatch(/the last step must be 100/);
    expect(failure([], { MOLAM_ROLLOUT_STEPS: '5,x,100' })).toMatch(/each step is a number/);
    expect(failure([], { MOLAM_ROLLOUT_MIN_APPLICATIONS: '0' })).toMatch(/^MOLAM_ROLLOUT_MIN_APPLICATIONS must be a whole number of applications from 1/);
  });

  it('reads how long a patch signature is valid, and refuses less than a minute or anything but milliseconds', () => {
    expect(run([]).patchSignatureTtlMs).toBeUndefined();
    expect(run([], { MOLAM_PATCH_SIGNATURE_TTL_MS: '3600000' }).patchSignatureTtlMs).toBe(3_600_000);
    expect(failure([], { MOLAM_PATCH_SIGNATURE_TTL_MS: '59999' })).toBe('MOLAM_PATCH_SIGNATURE_TTL_MS must be a number of milliseconds, at least 60000 (got "59999")');
    expect(failure([], { MOLAM_PATCH_SIGNATURE_TTL_MS: '14d' })).toMatch(/^MOLAM_PATCH_SIGNATURE_TTL_MS must be a number of milliseconds/);
    expect(failure([], { MOLAM_PATCH_SIGNATURE_TTL_MS: '1e9' })).toMatch(/^MOLAM_PATCH_SIGNATURE_TTL_MS must be a number of milliseconds/);
  });

  it('never repeats a DATABASE_URL password in its error', () => {
    const message = failure([], { DATABASE_URL: 'mysql://root:hunter2@db/molam' });
    expect(message).toBe('DATABASE_URL must start with postgres:// or postgresql:// (got mysql://…)');
    expect(message).not.toContain('hunter2');
  });
});
