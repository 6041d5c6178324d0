// Applies the rules of security.ts to Electron: the app:// scheme that serves the renderer with its
// security headers, the session's permission handlers and CSP, and the navigation, new-window and
// webview guards on every web contents the app ever creates.
import { readFile } from 'node:fs/promises';
import { app, protocol, type Session } from 'electron';
import {
  APP_HOST,
  APP_SCHEME,
  buildContentSecurityPolicy,
  contentTypeFor,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isTrustedUrl,
  resolveAssetPath,
  securityHeaders,
  type TrustedOrigin,
} from '../shell-common/security.js';

/** Must run before `app.whenReady()`: makes app:// a standard, secure scheme with a real origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer on app://molam/ with the CSP and the other security headers. */
export function serveRenderer(session: Session, rendererDir: string): void {
  const headers = securityHeaders(buildContentSecurityPolicy());
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = url.host === APP_HOST ? resolveAssetPath(rendererDir, url.pathname) : null;
    const body = path ? await readFile(path).catch(() => null) : null;
    if (!path || !body) return new Response('Not found', { status: 404, headers });
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(path) } });
  });
}

/**
 * Permission requests and checks go through `decidePermission` (deny unless listed and from the app),
 * and every response from the app's origin carries the CSP, including the dev server's.
 */
export function hardenSession(session: Session, trusted: TrustedOrigin): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(decidePermission(permission, details.requestingUrl ?? webContents?.getURL(), trusted));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    decidePermission(permission, requestingOrigin, trusted),
  );
  const csp = buildContentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url, trusted)) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Blocks navigation away from the app, new windows and webviews, for every web contents created. */
export function guardWebContents(trusted: TrustedOrigin): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (decideNavigation(url, trusted) === 'deny') event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (decideNavigation(event.url, trusted) === 'deny') event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (decideNavigation(url, trusted) === 'deny') event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => decideWindowOpen(url));
  });
}
