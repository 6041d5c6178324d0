import { describe, expect, it } from 'vitest';
import { SOCKET_PROTOCOL } from '../../src-shared/transport/socket-frames.js';
import { decideUpgrade, generateLaunchSecret, isShellHost, secretsMatch, shellHosts, shellOrigins, type UpgradeRequest } from './socket-gate.js';

const secret = generateLaunchSecret();
const expected = { origins: shellOrigins(4380), hosts: shellHosts(4380), secret };
const good: UpgradeRequest = {
  path: '/ipc',
  host: '127.0.0.1:4380',
  origin: 'http://127.0.0.1:4380',
  protocols: `${SOCKET_PROTOCOL}, secret.${secret}`,
};

describe('the launch secret', () => {
  it('is fresh for every launch and long enough not to be guessed', () => {
    const other = generateLaunchSecret();
    expect(other).not.toBe(secret);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('matches only itself, whatever the length of the offer', () => {
    expect(secretsMatch(secret, secret)).toBe(true);
    expect(secretsMatch(secret.slice(0, -1), secret)).toBe(false);
    expect(secretsMatch(`${secret}x`, secret)).toBe(false);
    expect(secretsMatch('', secret)).toBe(false);
  });
});

describe('the socket upgrade', () => {
  it('is accepted from the shell’s own page with the secret', () => {
    expect(decideUpgrade(good, expected)).toEqual({ ok: true });
    expect(decideUpgrade({ ...good, host: 'localhost:4380', origin: 'http://localhost:4380' }, expected)).toEqual({ ok: true });
  });

  it('is refused without the secret, with a wrong one, or without the subprotocol', () => {
    expect(decideUpgrade({ ...good, protocols: SOCKET_PROTOCOL }, expected)).toMatchObject({ ok: false, status: 401, reason: 'missing secret' });
    expect(decideUpgrade({ ...good, protocols: undefined }, expected)).toMatchObject({ ok: false, status: 400 });
    expect(decideUpgrade({ ...good, protocols: `${SOCKET_PROTOCOL}, secret.${generateLaunchSecret()}` }, expected)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'wrong secret',
    });
    expect(decideUpgrade({ ...good, protocols: `secret.${secret}` }, expected)).toMatchObject({ ok: false, status: 400 });
  });

  it('is refused from another origin, from no origin, or for another host, even with the secret', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:4381', 'https://127.0.0.1:4380', 'null', undefined]) {
      expect(decideUpgrade({ ...good, origin }, expected), String(origin)).toMatchObject({ ok: false, status: 403 });
    }
    for (const host of ['evil.example:4380', '127.0.0.1:80', undefined]) {
      expect(decideUpgrade({ ...good, host }, expected), String(host)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('is refused on any other path', () => {
    expect(decideUpgrade({ ...good, path: '/' }, expected)).toMatchObject({ ok: false, status: 404 });
    expect(decideUpgrade({ ...good, path: '/ipc/../x' }, expected)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('page requests', () => {
  it('are answered only under the shell’s own loopback host names', () => {
    const hosts = shellHosts(4380);
    expect(isShellHost('127.0.0.1:4380', hosts)).toBe(true);
    expect(isShellHost('LOCALHOST:4380', hosts)).toBe(true);
    expect(isShellHost('attacker.example:4380', hosts)).toBe(false);
    expect(isShellHost(undefined, hosts)).toBe(false);
  });
});
