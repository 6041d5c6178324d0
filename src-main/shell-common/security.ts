// The console's security rules, in one place: window preferences, the content security policy, which
// URLs count as the app itself, and the decisions for navigation, new windows, permissions and IPC
// senders. Everything here is a pure function or a constant so each rule is proven by a unit test;
// `harden.ts` and `ipc-bridge.ts` apply them to Electron, and the browser shell reuses the CSP and the
// asset resolver.
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { WebPreferences } from 'electron';

/** The privileged scheme the packaged renderer is served from (never `file://`, which shares one origin). */
export const APP_SCHEME = 'app';
/** The one host of the app scheme. */
export const APP_HOST = 'molam';

/** An origin the renderer may be loaded from: the app scheme, or the dev server during development. */
export interface TrustedOrigin {
  /** With the trailing colon, as `URL.protocol` gives it: `app:` or `http:`. */
  protocol: string;
  /** Host and port, as `URL.host` gives it. */
  host: string;
}

/** The origin of the packaged renderer. */
export const APP_ORIGIN: TrustedOrigin = { protocol: `${APP_SCHEME}:`, host: APP_HOST };

/** The URL the main window opens. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Preferences of every renderer window. The literal values are what Electron's security checklist
 * asks for; `window.ts` passes them to `BrowserWindow` unchanged.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
  // Middle-click would open links in new windows; they are denied anyway, this removes the event.
  disableBlinkFeatures: 'Auxclick',
} as const satisfies WebPreferences;

/**
 * The content security policy of the renderer: only the app's own scripts and styles, no eval, no
 * inline script, no plugins, no framing, no form posts. `connectSources` adds the browser shell's
 * WebSocket address (the Electron renderer talks to main over IPC and needs none).
 */
export function buildContentSecurityPolicy(connectSources: readonly string[] = []): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connectSources],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'worker-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Response headers for every document and asset of the renderer. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** The trusted origin of a URL such as the dev server's, or null when it does not parse. */
export function originOf(url: string): TrustedOrigin | null {
  try {
    const parsed = new URL(url);
    return { protocol: parsed.protocol, host: parsed.host };
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the trusted origin. Compares scheme and host explicitly: Node reports the
 * origin of a custom scheme as "null", which would make every app URL look alike.
 */
export function isTrustedUrl(url: string | undefined, trusted: TrustedOrigin): boolean {
  if (!url) return false;
  const origin = originOf(url);
  if (!origin) return false;
  return origin.protocol === trusted.protocol && origin.host.toLowerCase() === trusted.host.toLowerCase();
}

/** What to do with a navigation or a redirect of the app window. */
export type NavigationDecision = 'allow' | 'deny';

/** The window may only move within the app itself (reloads, in-app links); anything else is refused. */
export function decideNavigation(targetUrl: string, trusted: TrustedOrigin): NavigationDecision {
  return isTrustedUrl(targetUrl, trusted) ? 'allow' : 'deny';
}

/** `window.open` and `target=_blank` never open a window: the console has one window and no links out. */
export function decideWindowOpen(_targetUrl: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permissions the app itself may use; every other request is denied. `notifications` is not on it:
 * the desktop app's alerts come from the main process (desktop-notifications.ts), which needs no
 * permission from the page, so a compromised page still cannot raise notifications of its own.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Permission requests and checks are denied unless the permission is on the short list above and the
 * request comes from the app's own origin.
 */
export function decidePermission(permission: string, requestingUrl: string | undefined, trusted: TrustedOrigin): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl, trusted);
}

/** Who sent an IPC message: the URL of the sending frame and whether it is the window's top frame. */
export interface IpcSender {
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

/** Only the app's own top frame may call the main process; subframes and foreign pages may not. */
export function isTrustedIpcSender(sender: IpcSender, trusted: TrustedOrigin): boolean {
  return sender.isMainFrame && isTrustedUrl(sender.frameUrl, trusted);
}

/**
 * Maps a request path to a file inside `rootDir`, or null when it would leave that folder (`..`,
 * encoded separators, absolute paths, NUL). `/` maps to `index.html`.
 */
export function resolveAssetPath(rootDir: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath.split(/[?#]/, 1)[0] ?? '');
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relativePath = decoded === '' || decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const candidate = resolve(root, normalize(relativePath));
  const fromRoot = relative(root, candidate);
  if (fromRoot === '' || fromRoot.startsWith(`..${sep}`) || fromRoot === '..' || isAbsolute(fromRoot)) return null;
  return candidate;
}

/** Content types of the files the renderer build produces. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The content type for a file name; unknown kinds are served as opaque bytes. */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[fileName.slice(dot).toLowerCase()]) || 'application/octet-stream';
}
