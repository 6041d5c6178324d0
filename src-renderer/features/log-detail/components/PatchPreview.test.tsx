// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import type { LogPreview } from '../../../../src-shared/ipc/previews.js';
import { NO_PREVIEW_REASONS, type PatchPreview as Preview } from '../../../../src-shared/schemas/preview.js';
import en from '../messages/en.json';
import fr from '../messages/fr.json';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { createQueryClient } from '../../../infra/query-client.js';
import type { DiffInput } from '../diff-input.js';
import { PatchPreview } from './PatchPreview.js';

const LOG_ID = '00000000-0000-4000-8000-000000000001';
const HEAD = { log_id: LOG_ID, log_version: 3, computed_at: '2026-02-01T10:00:00.000Z' };

const STATE: Preview = {
  ...HEAD,
  kind: 'state',
  base: 'reported_state',
  base_at: '2026-02-01T09:30:00.000Z',
  before: { currency: 'EUR', mode: 'live' },
  after: { currency: 'XOF', mode: 'live' },
  changed_keys: ['currency'],
  unchanged_reason: null,
};

const CODE: Preview = {
  ...HEAD,
  kind: 'code',
  file: 'includes/class-molam-gateway.php',
  language: 'php',
  start_line: 120,
  failing_line: 122,
  before_lines: ['$order = wc_get_order($id);', '$fee = 0;', "$ref = $row['molam_ref'];", 'return $ref;'],
  after_lines: ['$order = wc_get_order($id);', '$fee = 0;', "$ref = $row['molam_ref'] ?? null;", 'return $ref;'],
  replacements: 1,
};

function answer(overrides: Partial<LogPreview>): LogPreview {
  return { preview: null, fetchedAt: null, current: false, problem: null, ...overrides };
}

function renderPreview(data: LogPreview, fallback: DiffInput | null = null) {
  const api = {
    async invoke(channel: string) {
      if (channel === 'ops:previews.forLog') return { ok: true, data };
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <I18nProvider locale="en">
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <PatchPreview logId={LOG_ID} fallback={fallback} />
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe('the patch preview of the detail pane', () => {
  it('says the diff view is loading while its chunk (CodeMirror) loads, then shows the diff', async () => {
    renderPreview(answer({ preview: CODE, fetchedAt: '2026-02-01T10:00:00.000Z', current: true }));
    const loading = await screen.findByRole('status');
    expect(loading.dataset['what']).toBe('diff');
    expect(loading.textContent).toBe('Loading the diff view…');
    await screen.findByTestId('code-diff-caption');
    expect(screen.queryByTestId('loading-state')).toBeNull();
  });

  afterEach(cleanup);

  it('shows a state preview as a diff of the plugin’s reported state, saying where the before side comes from and when', async () => {
    renderPreview(answer({ preview: STATE, fetchedAt: '2026-02-01T10:00:01.000Z', current: true }));
    const sources = await screen.findByTestId('state-diff-sources');
    expect(sources.textContent).toContain('Before: State the plugin last reported, recorded');
    expect(sources.textContent).toContain('computed by the backend');
    expect(sources.textContent).toContain('changed: currency');
    expect(screen.getByTestId('patch-preview').getAttribute('data-kind')).toBe('state');
    expect(screen.getByTestId('preview-status').getAttribute('data-state')).toBe('current');
    expect(screen.getByRole('heading', { name: 'What this patch changes' })).toBeTruthy();
  });

  it('shows a code preview with the file, its language, its line range and the failing line', async () => {
    renderPreview(answer({ preview: CODE, fetchedAt: '2026-02-01T10:00:01.000Z', current: true }));
    const caption = await screen.findByTestId('code-diff-caption');
    expect(caption.textContent).toContain('includes/class-molam-gateway.php');
    expect(caption.textContent).toContain('PHP');
    expect(caption.textContent).toContain('lines 120–123');
    expect(screen.getByTestId('code-diff-failing-line').textContent).toBe('122');
    expect(caption.textContent).toContain('1 replacement');
    expect(screen.getByTestId('code-diff').getAttribute('data-language')).toBe('php');
  });

  it('shows a JavaScript excerpt as JavaScript with its failing line marked on the before side only', async () => {
    const js: Preview = {
      ...CODE,
      kind: 'code',
      file: 'src/molam-client.js',
      language: 'javascript',
      start_line: 10,
      failing_line: 11,
      before_lines: ['const client = new Molam(options);', 'client.charge({ amount, currency: "EUR" });'],
      after_lines: ['const client = new Molam(options);', 'client.charge({ amount, currency: "XOF" });'],
    };
    renderPreview(answer({ preview: js, current: true }));
    const caption = await screen.findByTestId('code-diff-caption');
    expect(caption.textContent).toContain('JavaScript · lines 10–11');
    expect(screen.getByTestId('code-diff').getAttribute('data-language')).toBe('javascript');
    const editor = screen.getByTestId('code-diff-view').shadowRoot!;
    expect(editor.querySelector('.cm-merge-a .cm-failingLine')?.textContent).toBe('client.charge({ amount, currency: "EUR" });');
    expect(editor.querySelectorAll('.cm-failingLine')).toHaveLength(1);
  });

  it('says plainly why a patch has nothing to preview', async () => {
    const none: Preview = { ...HEAD, kind: 'none', reason: 'no_excerpt', message: 'The plugin’s error report carried no excerpt of the file.' };
    renderPreview(answer({ preview: none, current: true }));
    const text = await screen.findByTestId('preview-none');
    expect(text.textContent).toContain("This code patch cannot be shown before it is applied: the plugin's error report carried no excerpt of the file.");
    expect(text.getAttribute('data-reason')).toBe('no_excerpt');
    // The backend's own sentence stays as the detail.
    expect(screen.getByTestId('preview-none-detail').textContent).toBe('The plugin’s error report carried no excerpt of the file.');
  });

  it('words every reason the backend can give for no preview, in both languages', () => {
    for (const reason of NO_PREVIEW_REASONS) {
      const id = `logDetail.preview.none.${reason}`;
      expect(en, id).toHaveProperty([id]);
      expect(fr, id).toHaveProperty([id]);
    }
  });

  it('offline with an outdated preview, shows it and says it may be out of date and comes from the cache', async () => {
    renderPreview(answer({ preview: STATE, fetchedAt: '2026-02-01T10:00:01.000Z', current: false, problem: { reason: 'offline', message: 'The backend cannot be reached.' } }));
    const status = await screen.findByTestId('preview-status');
    expect(status.getAttribute('data-state')).toBe('outdated');
    expect(status.textContent).toContain('for version 3 of this log');
    expect(status.textContent).toContain('may be out of date');
    expect(status.textContent).toContain('Shown from the local cache.');
    expect(screen.getByTestId('state-diff')).toBeTruthy();
  });

  it('with no preview cached, says so, and shows the cached snapshot diff of an applied patch when there is one', async () => {
    const fallback: DiffInput = {
      kind: 'diff',
      before: '{}',
      after: '{\n  "a": 1\n}',
      source: 'patched_state',
      base: { kind: 'snapshot', recordedAt: null },
      changedKeys: ['a'],
    };
    renderPreview(answer({ problem: { reason: 'offline', message: 'No backend is connected.' } }), fallback);
    const status = await screen.findByTestId('preview-status');
    expect(status.getAttribute('data-state')).toBe('missing');
    expect(status.textContent).toBe('No preview of this patch is cached: No backend is connected. It is fetched when the backend is reachable again.');
    expect(screen.getByTestId('state-diff-sources').textContent).toContain('Before: Pre-patch snapshot');
  });
});
