import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DecisionNotices } from './pages/decision-notices-page.js';
import { PatchEditorPage } from './pages/patch-editor-page.js';
import { PatchListPage } from './pages/patch-list-page.js';
import { PatchReviewsPage } from './pages/patch-reviews-page.js';
import { PatchRunbookPage } from './pages/patch-runbook-page.js';
import { WelcomePage } from './pages/welcome-page.js';
import {
  authorPatchOnServer,
  backendAnswer,
  backendCall,
  DEMO_ADMIN_TOKEN,
  DEMO_REVIEWER_TOKEN,
  fetchFieldStats,
  fetchServerPatch,
  findServerPatch,
  selfHeal,
  whoami,
} from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend, type SwitchableBackend } from './support/switchable-backend.js';

// The SDK patch registry end to end: an admin writes a patch for an error no patch answered, the
// two-person rule keeps them from approving it, a reviewer approves it offline and the backend serves
// it, it is deactivated from the Patches screen, and the runbook's tables export as CSV. The server's
// state is read past the console. Alone each test takes 15 to 30 s; the limit leaves room for a
// loaded 2-core machine, where starting a console process alone can take half a minute.
test.describe.configure({ timeout: 120_000 });

/** A failure of the node SDK that only this test produces (no demo patch matches its status and code). */
function uniqueFailure(label: string) {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return { sdk: 'node', status: 422, error_code: `e2e_${label}_${tag}`, error: `Processor declined the amount for reference ${tag}` };
}

/** Saves a screenshot as an artifact of the test. */
async function snapshot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** Makes the backend record `count` lookups of a failure, and waits until its field figures count them. */
async function lookUp(backendUrl: string, failure: ReturnType<typeof uniqueFailure>, count: number, expected: string | null): Promise<void> {
  for (let n = 0; n < count; n++) expect(await selfHeal(backendUrl, failure)).toBe(expected);
  // Lookups are recorded by group commit: the figures count them once they are written.
  await expect
    .poll(async () => {
      const stats = await fetchFieldStats(backendUrl);
      if (expected === null) return Number(stats.unpatched.find((group) => group.error_code === failure.error_code)?.occurrences ?? 0);
      return Number(stats.patches.find((patch) => patch.patch_id === expected)?.lookups_1h ?? 0);
    })
    .toBe(count);
}

/** RFC 4180 CSV text split into records of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

test('an admin writes a patch for an unanswered SDK error: the schema error is shown at its line, the dry run serves the draft, the submission is sent', async ({
  consolePage,
  consoleProcess,
  page,
}) => {
  const backendUrl = consoleProcess.backendUrl;
  const failure = uniqueFailure('declined');
  await lookUp(backendUrl, failure, 3, null);

  // The to-do list reads the cached field figures: fetch them now rather than at the next minute.
  const list = new PatchListPage(page);
  await list.open();
  await list.refreshFigures();
  const editor = new PatchEditorPage(page);
  await editor.open();
  const todo = editor.unpatchedRow(failure.error);
  await expect(todo).toHaveCount(1);
  await expect(todo).toContainText(failure.error_code);
  await expect(todo.locator('td.num').first()).toHaveText('3');

  await editor.writePatchFor(failure.error);
  const prefilled = JSON.parse(await editor.text()) as Record<string, unknown>;
  expect(prefilled).toEqual({
    sdk_language: 'node',
    error_signature: failure.error_code,
    description: '',
    severity: 'medium',
    match: { sdk_language: 'node', status: failure.status, error_code: failure.error_code, message_pattern: failure.error },
    actions: [],
  });

  // An out-of-range factor (at most 10): refused at its line, in the list and in the editor's gutter.
  const draft = { ...prefilled, description: 'Give the processor more time before giving up', actions: [{ type: 'increase_timeout', factor: 50, max_ms: 30_000 }] };
  const badText = JSON.stringify(draft, null, 2);
  const lines = badText.split('\n');
  const factorLine = lines.findIndex((line) => line.includes('"factor"')) + 1;
  const factorColumn = lines[factorLine - 1]!.indexOf('50') + 1;
  await editor.replaceText(badText);
  expect(await editor.text()).toBe(badText);
  await editor.expectValidation('invalid');
  await expect(editor.problems).toHaveCount(1);
  const problem = editor.problemAt(factorLine);
  await expect(problem).toContainText(`Line ${factorLine}, column ${factorColumn}:`);
  await expect(problem).toContainText('actions.0.factor');
  await expect(editor.line(factorLine).locator('.cm-lintRange-error')).toHaveText('50');
  await expect.poll(() => editor.lintMarkedLines()).toEqual([factorLine]);
  await snapshot(page, 'patch-editor-schema-error');
  // The backend judges the same draft with the same schema, and names the same value.
  const serverVerdict = await backendAnswer(backendUrl, 'POST', '/api/dev/patches', DEMO_ADMIN_TOKEN, draft);
  expect(serverVerdict.status).toBe(400);
  expect(JSON.stringify(serverVerdict.body)).toContain('actions.0.factor');

  // The problem's link puts the cursor on the value: the author replaces it.
  await problem.getByRole('link').click();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Delete');
  await page.keyboard.type('2');
  await editor.expectValidation('valid');
  await expect(editor.valid).toBeVisible();
  await expect(editor.problems).toHaveCount(0);
  await expect(editor.line(factorLine)).toHaveText('      "factor": 2,');
  await expect.poll(() => editor.lintMarkedLines()).toEqual([]);

  // The dry run starts from the failure the draft matches: the draft is served first, the timeout doubles.
  await editor.dryRun();
  await expect(editor.dryRunMatches.first()).toHaveAttribute('data-draft', 'true');
  await expect(editor.dryRunMatches.first()).toHaveAttribute('data-rank', '1');
  await expect(editor.dryRunDiff.locator('.cm-merge-a .cm-content')).toContainText('"timeout_ms": 10000');
  await expect(editor.dryRunDiff.locator('.cm-merge-b .cm-content')).toContainText('"timeout_ms": 20000');
  await expect(page.getByTestId('dry-run-step')).toHaveCount(1);
  await expect(page.getByTestId('dry-run-restored')).toHaveAttribute('data-restored', 'true');
  await snapshot(page, 'patch-editor-dry-run');

  const changeNote = 'Slow processors decline after our 10 s timeout: give them 20 s';
  await editor.submit(changeNote);
  const notices = new DecisionNotices(page);
  await expect(notices.withTopic('sent')).toContainText('submitted for review: sent');
  await expect(editor.submitted).toBeVisible();

  const created = await findServerPatch(backendUrl, failure.error_code);
  expect(created, 'the submitted patch is on the backend').toBeDefined();
  const { patch, versions } = await fetchServerPatch(backendUrl, created!.id);
  const admin = await whoami(backendUrl, DEMO_ADMIN_TOKEN);
  expect(patch).toMatchObject({ active: false, active_version: null, version: 1, deactivated_at: null });
  expect(versions).toHaveLength(1);
  expect(versions[0]).toMatchObject({
    version: 1,
    status: 'pending_review',
    created_by: admin.token_id,
    change_note: changeNote,
    actions: [{ type: 'increase_timeout', factor: 2, max_ms: 30_000 }],
  });
  void consolePage;
});

test("the author's approve is disabled with the two-person rule beside it, and the backend refuses it anyway", async ({ consolePage, consoleProcess, page }) => {
  const backendUrl = consoleProcess.backendUrl;
  const failure = uniqueFailure('own');
  const patchId = await authorPatchOnServer(backendUrl, failure);

  const reviews = new PatchReviewsPage(page);
  await reviews.open();
  const card = reviews.card(patchId);
  await expect(card).toHaveAttribute('data-own', 'true');
  await expect(card.locator('.review-note dd')).toHaveText('authored for an end-to-end test');
  const approve = reviews.approveButton(card);
  await expect(approve).toBeVisible();
  await expect(approve).toBeDisabled();
  await expect(approve).toHaveAccessibleDescription('You wrote this version: another reviewer must approve it (two-person rule).');
  await card.scrollIntoViewIfNeeded();
  await snapshot(page, 'patch-review-own-version');

  const refused = await backendAnswer(backendUrl, 'POST', `/api/dev/patches/${patchId}/versions/1/approve`, DEMO_ADMIN_TOKEN, {});
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).toContain('two-person rule: the author of a patch version cannot approve it');
  const { versions } = await fetchServerPatch(backendUrl, patchId);
  expect(versions[0]).toMatchObject({ version: 1, status: 'pending_review', reviewed_by: null });
  void consolePage;
});

test.describe('a reviewer on another console, working offline', () => {
  // The reviewer's console starts fresh and connects to a backend the test can cut.
  test.use({ firstStart: true });
  let backend: SwitchableBackend | undefined;
  test.afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  test('approves offline with a comment (queued), the approval is sent when the backend is back, the patch becomes active and self-heal serves it', async ({
    consolePage,
    page,
  }) => {
    backend = await startSwitchableBackend();
    const failure = uniqueFailure('offline');
    const patchId = await authorPatchOnServer(backend.directUrl, failure);
    expect(await selfHeal(backend.directUrl, failure), 'nothing is served before the approval').toBeNull();

    const welcome = new WelcomePage(page);
    await welcome.connect('Reviewer desk', backend.proxyUrl, DEMO_REVIEWER_TOKEN);
    await consolePage.waitForFirstSync();

    const reviews = new PatchReviewsPage(page);
    await reviews.open();
    const card = reviews.card(patchId);
    await expect(card).toHaveAttribute('data-local-state', 'synced');
    await expect(card).not.toHaveAttribute('data-own', 'true');
    await expect(reviews.approveButton(card)).toBeEnabled();

    await backend.goOffline();
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'offline', { timeout: 60_000 });
    const comment = 'Checked the dry run on the failures it targets';
    await reviews.approve(card, comment);
    const notices = new DecisionNotices(page);
    await expect(notices.withTopic('queued')).toContainText(`Approval of version 1 of patch “${failure.error_code}” queued`);
    await expect(card).toHaveAttribute('data-local-state', 'queued');
    await expect(reviews.approveButton(card)).toBeDisabled();
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '1');
    expect((await fetchServerPatch(backend.directUrl, patchId)).versions[0]).toMatchObject({ status: 'pending_review', reviewed_by: null });
    await snapshot(page, 'patch-review-queued-offline');

    await backend.goOnline();
    // No click: the console notices the backend is back and sends what waits.
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'online', { timeout: 60_000 });
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0', { timeout: 60_000 });
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
    const reviewer = await whoami(backend.directUrl, DEMO_REVIEWER_TOKEN);
    const { patch, versions } = await fetchServerPatch(backend.directUrl, patchId);
    expect(patch).toMatchObject({ active: true, active_version: 1, deactivated_at: null });
    expect(versions[0]).toMatchObject({ version: 1, status: 'active', reviewed_by: reviewer.token_id, review_comment: comment });
    // Decided: the version leaves the queue.
    await expect(card).toHaveCount(0);

    const list = new PatchListPage(page);
    await list.open();
    const row = list.row(patchId);
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toHaveAttribute('data-local-state', 'synced');
    await expect(list.activeVersion(row)).toHaveText('v1');
    await snapshot(page, 'patch-active-after-sync');

    expect(await selfHeal(backend.directUrl, failure)).toBe(patchId);
  });
});

test('deactivating from the Patches screen names the lookups of the last hour; once confirmed the backend stops serving the patch', async ({
  consolePage,
  consoleProcess,
  page,
}) => {
  const backendUrl = consoleProcess.backendUrl;
  const failure = uniqueFailure('deactivate');
  const patchId = await authorPatchOnServer(backendUrl, failure);
  await backendCall(backendUrl, 'POST', `/api/dev/patches/${patchId}/versions/1/approve`, DEMO_REVIEWER_TOKEN, { comment: 'approved elsewhere' });
  await lookUp(backendUrl, failure, 3, patchId);

  const list = new PatchListPage(page);
  await list.open();
  await list.search.fill(failure.error_code);
  const row = list.row(patchId);
  await expect(row).toHaveAttribute('data-state', 'active');
  await list.refreshFigures();

  await list.askToDeactivate(patchId);
  await expect(list.deactivateCost).toHaveText(
    'In the last hour it answered 3 SDK lookups: once it is deactivated, those go unanswered. The deactivation is queued and audited.',
  );
  await snapshot(page, 'patch-deactivate-confirmation');
  await list.confirmDeactivation('Timeouts come from the processor, not from the SDK');
  const notices = new DecisionNotices(page);
  await expect(notices.withTopic('sent').locator('span')).toHaveText(`Deactivation of patch “${failure.error_code}” sent.`);

  const { patch } = await fetchServerPatch(backendUrl, patchId);
  expect(patch.deactivated_at).not.toBeNull();
  expect(await selfHeal(backendUrl, failure), 'a deactivated patch is not served').toBeNull();
  await expect(row).toHaveAttribute('data-state', 'deactivated');
  await expect(row.getByTestId('patch-reactivate')).toBeEnabled();
  void consolePage;
});

test('the runbook shows its six tables, and a table exports as a CSV file whose header and rows are the table', async ({ consolePage, consoleProcess, page }) => {
  const backendUrl = consoleProcess.backendUrl;
  const failure = uniqueFailure('runbook');
  await lookUp(backendUrl, failure, 2, null);

  const runbook = new PatchRunbookPage(page);
  await runbook.open();
  await runbook.refreshFigures();
  for (const table of ['most_used', 'rollback_rates', 'errors_per_developer', 'active_patches', 'failing_last_hour', 'unpatched_errors'] as const) {
    await expect(runbook.section(table).getByRole('heading', { level: 2 })).toBeVisible();
  }
  const unpatched = runbook.bodyRows('unpatched_errors');
  await expect(unpatched.filter({ hasText: failure.error })).toHaveCount(1);
  // The admin may write a patch for each row: a fourth column of buttons, not exported.
  await expect(runbook.headings('unpatched_errors')).toHaveText(['Language', 'Error message (start)', 'Occurrences', 'Patch']);

  const download = await runbook.export('unpatched_errors');
  expect(download.suggestedFilename()).toMatch(/^runbook-unpatched-errors-\d{8}-\d{6}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFF'), 'a BOM, so spreadsheets read accents').toBe(true);
  const [header, ...records] = parseCsv(text.slice(1));
  expect(header).toEqual(['sdk_language', 'error_pattern', 'occurrences']);
  // Row by row, the file says what the table shows.
  const shown = await unpatched.evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '').slice(0, 3)));
  expect(records).toEqual(shown.map(([language, pattern, occurrences]) => [language, pattern, String(Number(occurrences!.replace(/[^\d]/g, '')))]));
  expect(records).toContainEqual(['node', failure.error, '2']);

  const active = parseCsv(readFileSync(await (await runbook.export('active_patches')).path(), 'utf8').slice(1));
  await expect(page.getByTestId('runbook-active-count')).toContainText(active[1]![0]!);
  expect(active[0]).toEqual(['active_patches']);
  void consolePage;
});
