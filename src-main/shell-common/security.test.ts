import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  GRANTED_PERMISSIONS,
  SECURE_WEB_PREFERENCES,
  buildContentSecurityPolicy,
  contentTypeFor,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isTrustedIpcSender,
  isTrustedUrl,
  originOf,
  resolveAssetPath,
  securityHeaders,
} from './security.js';

const devServer = originOf('http://localhost:5173/')!;

describe('window preferences', () => {
  it('isolate the renderer, sandbox it and give it no Node, webviews or insecure content', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('denies by default and allows only the app’s own scripts, with no inline script or eval', () => {
    const csp = directives(buildContentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(buildContentSecurityPolicy()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('adds only the given WebSocket address to connect-src', () => {
    const csp = directives(buildContentSecurityPolicy(['ws://127.0.0.1:4380']));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4380']);
  });

  it('is sent with nosniff, no referrer and no framing', () => {
    const headers = securityHeaders('default-src none');
    expect(headers['Content-Security-Policy']).toBe('default-src none');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['X-Frame-Options']).toBe('DENY');
  });
});

describe('trusted origin', () => {
  it('accepts the app scheme and host, in any letter case of the host', () => {
    expect(isTrustedUrl(APP_ENTRY_URL, APP_ORIGIN)).toBe(true);
    expect(isTrustedUrl('app://MOLAM/assets/index.js', APP_ORIGIN)).toBe(true);
  });

  it('refuses other hosts, other schemes, look-alikes, garbage and a missing URL', () => {
    for (const url of ['app://evil/index.html', 'file:///index.html', 'https://molam/', 'app://molam.evil.com/', 'not a url', '', undefined]) {
      expect(isTrustedUrl(url, APP_ORIGIN), String(url)).toBe(false);
    }
  });

  it('matches the dev server by scheme, host and port', () => {
    expect(isTrustedUrl('http://localhost:5173/src/main.tsx', devServer)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', devServer)).toBe(false);
    expect(isTrustedUrl('https://localhost:5173/', devServer)).toBe(false);
  });
});

describe('navigation', () => {
  it('allows moving within the app', () => {
    expect(decideNavigation('app://molam/index.html#/settings', APP_ORIGIN)).toBe('allow');
  });

  it('denies leaving the app, for the web, files and other schemes', () => {
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'app://other/']) {
      expect(decideNavigation(url, APP_ORIGIN), url).toBe('deny');
    }
  });

  it('never opens a new window, not even for the app’s own URL', () => {
    expect(decideWindowOpen('https://example.com/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen(APP_ENTRY_URL)).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('are denied by default, whatever the origin', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid']) {
      expect(decidePermission(permission, APP_ENTRY_URL, APP_ORIGIN), permission).toBe(false);
    }
  });

  it('refuse notifications even to the app itself: the desktop alerts come from the main process', () => {
    expect(GRANTED_PERMISSIONS.has('notifications')).toBe(false);
    expect(decidePermission('notifications', APP_ENTRY_URL, APP_ORIGIN)).toBe(false);
    expect(decidePermission('notifications', 'http://localhost:5173/', devServer)).toBe(false);
  });

  it('grant writing to the clipboard to the app only', () => {
    expect(decidePermission('clipboard-sanitized-write', APP_ENTRY_URL, APP_ORIGIN)).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', 'https://example.com/', APP_ORIGIN)).toBe(false);
    expect(decidePermission('clipboard-sanitized-write', undefined, APP_ORIGIN)).toBe(false);
  });
});

describe('IPC senders', () => {
  it('are trusted only as the app’s own top frame', () => {
    expect(isTrustedIpcSender({ frameUrl: APP_ENTRY_URL, isMainFrame: true }, APP_ORIGIN)).toBe(true);
    expect(isTrustedIpcSender({ frameUrl: APP_ENTRY_URL, isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: 'https://example.com/', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: undefined, isMainFrame: true }, APP_ORIGIN)).toBe(false);
  });
});

describe('renderer assets', () => {
  const root = resolve('/srv/renderer');

  it('map the root to index.html and paths to files under the renderer folder', () => {
    expect(resolveAssetPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAssetPath(root, '/assets/index-abc.js?v=1')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAssetPath(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('never resolve outside the renderer folder', () => {
    for (const path of ['/../secret', '/assets/../../secret', '/%2e%2e/secret', '/..%2fsecret', '/a%5c..%5c..%5csecret', '/x%00.js', '/%E0%A4%A']) {
      expect(resolveAssetPath(root, path), path).toBeNull();
    }
  });

  it('are served with their content type, and unknown kinds as bytes', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('assets/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('secret.bin')).toBe('application/octet-stream');
  });
});
