import { describe, expect, it } from 'vitest';
import type { OpsApi } from '../../src-shared/ipc/contract.js';
import { SECRET_STORAGE_KEY, selectBridge, takeLaunchSecret, type BridgeHost } from './select-bridge.js';

function host(hash: string, stored: string | null = null, molam?: OpsApi) {
  const storage = new Map<string, string>(stored ? [[SECRET_STORAGE_KEY, stored]] : []);
  const addresses: string[] = [];
  const value: BridgeHost = {
    ...(molam ? { molam } : {}),
    location: { hash, host: '127.0.0.1:4380', pathname: '/', search: '', protocol: 'http:' },
    history: { replaceState: (_data, _unused, url) => void addresses.push(String(url)) },
    sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, v) => void storage.set(key, v) },
  };
  return { value, storage, addresses };
}

describe('the launch secret', () => {
  it('is taken from the address, kept for the tab and removed from the address bar', () => {
    const { value, storage, addresses } = host('#secret=abc_DEF-123');
    expect(takeLaunchSecret(value)).toBe('abc_DEF-123');
    expect(storage.get(SECRET_STORAGE_KEY)).toBe('abc_DEF-123');
    expect(addresses).toEqual(['/']);
  });

  it('keeps other fragment parameters when it removes the secret', () => {
    const { value, addresses } = host('#secret=s1&view=logs');
    takeLaunchSecret(value);
    expect(addresses).toEqual(['/#view=logs']);
  });

  it('comes from the tab’s storage after a reload, and is missing in a fresh tab', () => {
    expect(takeLaunchSecret(host('', 'kept').value)).toBe('kept');
    expect(takeLaunchSecret(host('').value)).toBeNull();
  });
});

describe('choosing the transport', () => {
  it('uses the Electron preload’s API when the page has one', () => {
    const molam: OpsApi = { invoke: () => Promise.reject(new Error('unused')), on: () => () => undefined };
    expect(selectBridge(host('', null, molam).value)).toEqual({ kind: 'electron', api: molam });
  });

  it('asks for the printed address when there is neither a preload nor a secret', () => {
    expect(selectBridge(host('').value)).toEqual({ kind: 'missing-secret' });
  });
});
