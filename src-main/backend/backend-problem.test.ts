import { describe, expect, it } from 'vitest';
import { BackendHttpError, BackendResponseError, BackendUnreachableError } from './backend-errors.js';
import { backendProblem } from './backend-problem.js';

/** A fetch failure as undici nests it: TypeError "fetch failed" with the system error as its cause. */
const unreachable = (cause: object) => new BackendUnreachableError('cannot reach the backend', { cause: Object.assign(new TypeError('fetch failed'), { cause }) });
const http = (status: number) => new BackendHttpError(status, 'code', `answered ${status}`, undefined, undefined, undefined);

describe('sorting a failed backend call into a kind the console explains', () => {
  it.each([
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'EAI_AGAIN' }, 'dns'],
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'timeout'],
    [{ name: 'TimeoutError' }, 'timeout'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'tls'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'tls'],
    [Object.assign(new Error('bad port')), 'bad-url'],
    [{ code: 'ESOMETHINGELSE' }, 'unreachable'],
    [{}, 'unreachable'],
  ] as const)('a network failure %o is %s', (cause, failure) => {
    expect(backendProblem(unreachable(cause))).toMatchObject({ failure, status: null });
  });

  it.each([
    [401, 'token-refused'],
    [403, 'token-refused'],
    [500, 'server-error'],
    [503, 'server-error'],
    [404, 'version-mismatch'],
    [422, 'version-mismatch'],
  ] as const)('an answer %i is %s', (status, failure) => {
    expect(backendProblem(http(status))).toEqual({ failure, status, detail: `answered ${status}` });
  });

  it('lets the caller say what a 404 means, and reads a 2xx in another shape as another contract version', () => {
    expect(backendProblem(http(404), 'not-molam').failure).toBe('not-molam');
    expect(backendProblem(new BackendResponseError(200, 'not the contract'))).toMatchObject({ failure: 'version-mismatch', status: 200 });
    expect(backendProblem(new Error('anything else'))).toMatchObject({ failure: 'unreachable', detail: 'anything else' });
  });
});
