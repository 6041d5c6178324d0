// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_FAILURES, type BackendFailureKind } from '../../../../src-shared/ipc/backend-problem.js';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import type { ConnectionTest } from '../../../../src-shared/ipc/settings.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import type { CatalogLanguage } from '../../../infra/i18n/catalogs.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { WelcomeScreen } from './WelcomeScreen.js';

afterEach(cleanup);

/** The bridge as the main process answers it: the test connection's answer is the test's to choose. */
function fakeApi(test: ConnectionTest) {
  const calls: Array<{ channel: string; request: Record<string, unknown> }> = [];
  const api = {
    async invoke(channel: string, request: Record<string, unknown>) {
      calls.push({ channel, request });
      switch (channel) {
        case 'ops:settings.testConnection':
          return { ok: true, data: test };
        case 'ops:settings.saveProfile':
          return { ok: true, data: { id: 'p1', name: request['name'], url: request['url'], hasToken: true, embedded: false, active: false, createdAt: '2026-01-01T00:00:00Z' } };
        case 'ops:settings.switchProfile':
        case 'ops:settings.useDemo':
          return { ok: true, data: {} };
        default:
          return { ok: false, error: { kind: 'invalid_request', message: `unexpected ${channel}` } };
      }
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  return { api, calls: () => calls.map((c) => c.channel), requests: calls };
}

function renderWelcome(api: OpsApi, options: { demoAvailable?: boolean; locale?: CatalogLanguage } = {}) {
  return render(
    <I18nProvider locale={options.locale ?? 'en'}>
      <BridgeProvider api={api}>
        <QueryClientProvider client={createQueryClient()}>
          <WelcomeScreen demoAvailable={options.demoAvailable ?? true} />
        </QueryClientProvider>
      </BridgeProvider>
    </I18nProvider>,
  );
}

const failed = (failure: BackendFailureKind, status: number | null, detail: string): ConnectionTest => ({ ok: false, problem: { failure, status, detail } });

/** What the screen must say for each failure kind (English), and the detail it shows under it. */
const SENTENCES: Record<BackendFailureKind, { status: number | null; says: RegExp }> = {
  'bad-url': { status: null, says: /^This is not a usable backend address\.$/ },
  dns: { status: null, says: /host name could not be found \(DNS\)/ },
  refused: { status: null, says: /the connection was refused/ },
  timeout: { status: null, says: /did not answer in time \(timeout\)/ },
  tls: { status: null, says: /secure connection \(TLS\) failed/ },
  unreachable: { status: null, says: /^The backend could not be reached\.$/ },
  'not-molam': { status: 404, says: /^Something answers at this address, but it is not a Molam Heal backend \(HTTP 404\)\.$/ },
  'token-refused': { status: 401, says: /^The backend refused the token \(HTTP 401\)\. Check it, or ask for a new one\.$/ },
  'version-mismatch': { status: 404, says: /another version of the API than this console \(HTTP 404\)/ },
  'server-error': { status: 503, says: /failed on its side \(HTTP 503\)/ },
};

async function testWith(api: OpsApi, url: string, token = '') {
  fireEvent.change(screen.getByLabelText('Backend URL'), { target: { value: url } });
  fireEvent.change(screen.getByLabelText('Access token'), { target: { value: token } });
  fireEvent.click(screen.getByTestId('welcome-test'));
  return waitFor(() => screen.getByTestId('connection-result'));
}

describe('the welcome screen', () => {
  it('offers the embedded demo and a backend to connect to, with the app icon', () => {
    renderWelcome(fakeApi({ ok: true, identity: { name: 'Ada', role: 'reviewer' } }).api);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Molam Heal Console');
    expect(screen.getByTestId('welcome-demo').textContent).toBe('Continue with the demo');
    expect(screen.getByTestId('welcome-screen').querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml|icon/);
    expect(screen.getByLabelText('Access token').getAttribute('type')).toBe('password');
  });

  it('continues with the demo through main, and hides the demo where the shell has none', async () => {
    const fake = fakeApi({ ok: true, identity: { name: 'Ada', role: 'reviewer' } });
    renderWelcome(fake.api);
    fireEvent.click(screen.getByTestId('welcome-demo'));
    await waitFor(() => expect(fake.calls()).toContain('ops:settings.useDemo'));
    cleanup();
    renderWelcome(fake.api, { demoAvailable: false });
    expect(screen.queryByTestId('welcome-demo')).toBeNull();
  });

  it.each(BACKEND_FAILURES)('says exactly what failed when the test finds "%s", with the detail', async (failure) => {
    const { status, says } = SENTENCES[failure];
    const fake = fakeApi(failed(failure, status, `detail of ${failure}`));
    renderWelcome(fake.api);
    const result = await testWith(fake.api, 'https://heal.example.com', 'tok-123');
    expect(result.getAttribute('data-outcome')).toBe(failure);
    expect(result.querySelector('.error')?.textContent).toMatch(says);
    expect(screen.getByTestId('connection-detail').textContent).toBe(`Detail: detail of ${failure}`);
    expect(fake.requests.find((c) => c.channel === 'ops:settings.testConnection')?.request).toEqual({ url: 'https://heal.example.com', token: 'tok-123' });
  });

  it.each(BACKEND_FAILURES)('has a French sentence for "%s" too', async (failure) => {
    const fake = fakeApi(failed(failure, SENTENCES[failure].status, 'x'));
    renderWelcome(fake.api, { locale: 'fr' });
    fireEvent.change(screen.getByLabelText('URL du backend'), { target: { value: 'https://heal.example.com' } });
    fireEvent.click(screen.getByTestId('welcome-test'));
    const result = await waitFor(() => screen.getByTestId('connection-result'));
    const sentence = result.querySelector('.error')?.textContent ?? '';
    expect(sentence).not.toMatch(/backendProblem\./);
    expect(sentence).not.toBe(SENTENCES[failure].says.source);
    expect(sentence.length).toBeGreaterThan(20);
  });

  it('says who the token belongs to when the test passes, and sends no token when none is typed', async () => {
    const fake = fakeApi({ ok: true, identity: { name: 'Ada', role: 'reviewer' } });
    renderWelcome(fake.api);
    const result = await testWith(fake.api, 'https://heal.example.com');
    expect(result.textContent).toBe('The backend answers, and the token belongs to Ada (reviewer).');
    expect(fake.requests[0]!.request).toEqual({ url: 'https://heal.example.com' });
  });

  it('connects only after a passing test: saves the profile with its token, then switches to it', async () => {
    const fake = fakeApi({ ok: true, identity: { name: 'Ada', role: 'reviewer' } });
    renderWelcome(fake.api);
    fireEvent.change(screen.getByLabelText('Backend URL'), { target: { value: ' https://heal.example.com ' } });
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'tok-123' } });
    fireEvent.click(screen.getByTestId('welcome-connect'));
    await waitFor(() => expect(fake.calls()).toEqual(['ops:settings.testConnection', 'ops:settings.saveProfile', 'ops:settings.switchProfile']));
    expect(fake.requests[1]!.request).toEqual({ name: 'heal.example.com', url: 'https://heal.example.com', token: 'tok-123' });
  });

  it('does not save a backend whose test fails, and says why', async () => {
    const fake = fakeApi(failed('refused', null, 'cannot reach the backend (ECONNREFUSED)'));
    renderWelcome(fake.api);
    fireEvent.change(screen.getByLabelText('Backend URL'), { target: { value: 'http://127.0.0.1:1' } });
    fireEvent.click(screen.getByTestId('welcome-connect'));
    const result = await waitFor(() => screen.getByTestId('connection-result'));
    expect(result.getAttribute('data-outcome')).toBe('refused');
    expect(fake.calls()).toEqual(['ops:settings.testConnection']);
  });
});
