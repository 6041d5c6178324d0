import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { axeFindings, formatFindings, glyphFindings } from './support/accessibility-checks.js';
import { formatTextFindings, untranslatedText } from './support/pseudo-locale-check.js';
import { DEMO_ADMIN_TOKEN } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend, type SwitchableBackend } from './support/switchable-backend.js';
import { WelcomePage } from './pages/welcome-page.js';

/** A loopback port nobody listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A fresh data folder: no backend chosen yet, so the console opens on its welcome screen.
test.use({ firstStart: true });

test('a fresh data folder opens on the welcome screen, which passes axe in light and dark; the demo reaches the review queue', async ({ consolePage, page }) => {
  test.setTimeout(120_000);
  const welcome = new WelcomePage(page);
  await expect(welcome.screen).toBeVisible();
  await expect(page.getByTestId('welcome-demo')).toBeVisible();
  await expect(page.getByTestId('sync-status-bar')).toHaveCount(0);

  const findings = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // With an error shown too: the result region is part of the screen.
    if (theme === 'dark') await welcome.test('heal.example.com');
    findings.push(...(await axeFindings(page, `welcome (${theme})`)), ...(await glyphFindings(page, `welcome (${theme})`)));
    await page.screenshot({ path: test.info().outputPath(`welcome-${theme}.png`), fullPage: true });
  }
  expect(findings, formatFindings(findings)).toEqual([]);

  // Every word of the screen, its error included, comes from a catalog.
  await page.evaluate(() => localStorage.setItem('molam.language', 'pseudo'));
  await page.reload();
  await expect(welcome.screen).toBeVisible();
  await welcome.test('heal.example.com');
  const pseudo = await untranslatedText(page, 'welcome (pseudo-locale)', []);
  expect(pseudo, formatTextFindings(pseudo)).toEqual([]);
  await page.evaluate(() => localStorage.setItem('molam.language', 'en'));
  await page.reload();

  await welcome.continueWithDemo();
  await consolePage.waitForFirstSync();
  await expect(welcome.syncBackend).toHaveText('On the embedded demo');
  await expect(page.getByTestId('log-row').first()).toHaveAttribute('data-status', 'pending_review');
});

test.describe('testing a backend before connecting to it', () => {
  let plain: Server | undefined;
  test.afterEach(async () => {
    await new Promise((resolve) => (plain ? plain.close(resolve) : resolve(undefined)));
    plain = undefined;
  });

  test('a bad URL, a closed port and a web server that is not Molam each get their exact sentence', async ({ consolePage, page }) => {
    void consolePage;
    const welcome = new WelcomePage(page);
    expect(await welcome.test('heal.example.com', 'some-token')).toBe('bad-url');
    await expect(welcome.result).toContainText('This is not a usable backend address.');
    await expect(page.getByTestId('connection-detail')).toContainText('is not a URL');

    expect(await welcome.test('http://127.0.0.1:1', 'some-token')).toBe('bad-url');
    await expect(page.getByTestId('connection-detail')).toContainText('bad port');

    expect(await welcome.test(`http://127.0.0.1:${await closedPort()}`, 'some-token')).toBe('refused');
    await expect(welcome.result).toContainText('the connection was refused');

    plain = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>It works!</h1>'));
    await new Promise<void>((resolve) => plain!.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    expect(await welcome.test(`http://127.0.0.1:${port}`, 'some-token')).toBe('not-molam');
    await expect(welcome.result).toContainText('it is not a Molam Heal backend');
    // Nothing was saved: the console still waits for a choice.
    await expect(welcome.screen).toBeVisible();
  });
});

test.describe('a backend that stops', () => {
  let backend: SwitchableBackend | undefined;
  test.afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  test('a refused token is named; connected, the sync bar names the backend and says why it is offline; Settings goes back to the demo', async ({ consolePage, page }) => {
    test.setTimeout(180_000);
    const welcome = new WelcomePage(page);
    backend = await startSwitchableBackend();
    expect(await welcome.test(backend.proxyUrl, 'not-the-token')).toBe('token-refused');
    await expect(welcome.result).toContainText('The backend refused the token (HTTP 401)');
    expect(await welcome.test(backend.proxyUrl, DEMO_ADMIN_TOKEN)).toBe('ok');

    await welcome.connect('Switchable', backend.proxyUrl, DEMO_ADMIN_TOKEN);
    await consolePage.waitForFirstSync();
    await expect(welcome.syncBackend).toHaveText(`On Switchable (${backend.proxyUrl})`);
    await expect(page.getByTestId('sync-open-settings')).toHaveCount(0);

    await backend.goOffline();
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'offline', { timeout: 60_000 });
    await expect(welcome.offlineReason).toHaveAttribute('data-failure', 'refused', { timeout: 60_000 });
    await expect(welcome.offlineReason).toContainText(/^Offline since .+: Nothing answers at this address: the connection was refused\./);
    await page.screenshot({ path: test.info().outputPath('sync-bar-offline.png') });
    await page.evaluate(() => localStorage.setItem('molam.language', 'pseudo'));
    await page.reload();
    await expect(welcome.offlineReason).toHaveAttribute('data-failure', 'refused');
    const pseudoBar = await untranslatedText(page, 'sync bar, offline (pseudo-locale)', []);
    expect(pseudoBar, formatTextFindings(pseudoBar)).toEqual([]);
    await page.evaluate(() => localStorage.setItem('molam.language', 'en'));
    await page.reload();

    await page.getByTestId('sync-open-settings').click();
    await page.getByTestId('back-to-demo-button').click();
    await expect(welcome.syncBackend).toHaveText('On the embedded demo', { timeout: 60_000 });
    await expect(page.getByTestId('back-to-demo')).toHaveCount(0);
    await page.getByTestId('nav-logs').click();
    await consolePage.waitForFirstSync();
  });
});
