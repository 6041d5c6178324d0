import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SdkPatchDetailSchema } from '../../src-shared/schemas/sdk.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { createApprovedPatch, patchBody, uniqueCode } from './testing.js';

describe.each(testBackends())('SDK patch change notes, review comments and the judgement of a draft on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const create = (body: Record<string, unknown>) => server.request('POST', '/api/dev/patches', { as: 'dev_admin', body });
  const update = (id: string, body: Record<string, unknown>) => server.request('PUT', `/api/dev/patches/${id}`, { as: 'dev_admin', body });
  const approve = (id: string, version: number, body?: unknown) =>
    server.request('POST', `/api/dev/patches/${id}/versions/${version}/approve`, { as: 'reviewer', body });
  const auditOf = async (id: string) =>
    (
      await server.db.query<{ action: string; after: { version?: Record<string, unknown> } }>(
        "SELECT action, after FROM audit_log WHERE entity_type = 'sdk_patch' AND entity_id = $1 ORDER BY id",
        [id],
      )
    ).rows;

  it('keeps the author’s change note and the approving reviewer’s comment on the version, in the detail and the audit', async () => {
    const code = uniqueCode('notes');
    const created = await create({ ...patchBody(code), change_note: '  Back off on the new rate-limit code  ' });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ change_note: 'Back off on the new rate-limit code', review_comment: null });
    const id = created.body.patch.id as string;
    const approved = await approve(id, 1, { comment: 'Checked against last week’s 429s' });
    expect(approved.status).toBe(200);
    expect(approved.body.version).toMatchObject({ status: 'active', change_note: 'Back off on the new rate-limit code', review_comment: 'Checked against last week’s 429s' });

    const v2 = await update(id, { ...patchBody(code, { description: 'v2' }), change_note: 'Longer backoff' });
    expect(v2.body.version).toMatchObject({ version: 2, change_note: 'Longer backoff', review_comment: null });
    const rejected = await server.request('POST', `/api/dev/patches/${id}/versions/2/reject`, { as: 'reviewer', body: { reason: 'too long' } });
    expect(rejected.body.version).toMatchObject({ change_note: 'Longer backoff', review_comment: null, rejection_reason: 'too long' });

    const detail = SdkPatchDetailSchema.parse((await server.request('GET', `/api/dev/patches/${id}`, { as: 'ops' })).body);
    expect(detail.versions.map((v) => [v.version, v.change_note, v.review_comment])).toEqual([
      [2, 'Longer backoff', null],
      [1, 'Back off on the new rate-limit code', 'Checked against last week’s 429s'],
    ]);
    const audit = await auditOf(id);
    expect(audit.map((row) => [row.action, row.after.version?.change_note, row.after.version?.review_comment])).toEqual([
      ['sdk_patch.create', 'Back off on the new rate-limit code', null],
      ['sdk_patch.approve', 'Back off on the new rate-limit code', 'Checked against last week’s 429s'],
      ['sdk_patch.new_version', 'Longer backoff', null],
      ['sdk_patch.reject', 'Longer backoff', null],
    ]);
  });

  it('carries the notes in the change feed’s version rows', async () => {
    const created = await create({ ...patchBody(uniqueCode('feed')), change_note: 'Feed note' });
    const { rows } = await server.db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM sync_changes WHERE entity = 'sdk_patch_version' AND data->>'patch_id' = $1",
      [created.body.patch.id],
    );
    expect(rows[0]!.data).toMatchObject({ change_note: 'Feed note', review_comment: null });
  });

  it('stores no note when none or a blank one is given, approves without a body, and refuses a note over 2000 characters', async () => {
    const bare = await create(patchBody(uniqueCode('bare')));
    expect(bare.body.version.change_note).toBeNull();
    expect((await approve(bare.body.patch.id, 1)).body.version.review_comment).toBeNull();
    const blank = await create({ ...patchBody(uniqueCode('blank')), change_note: '   ' });
    expect(blank.body.version.change_note).toBeNull();
    expect((await approve(blank.body.patch.id, 1, { comment: '' })).body.version.review_comment).toBeNull();

    const long = await create({ ...patchBody(uniqueCode('long')), change_note: 'x'.repeat(2001) });
    expect({ status: long.status, field: long.body.error.field }).toEqual({ status: 400, field: 'body.change_note' });
    const pending = await create(patchBody(uniqueCode('longcomment')));
    const longComment = await approve(pending.body.patch.id, 1, { comment: 'x'.repeat(2001) });
    expect({ status: longComment.status, field: longComment.body.error.field }).toEqual({ status: 400, field: 'body.comment' });
    const wrongType = await approve(pending.body.patch.id, 1, { comment: 42 });
    expect(wrongType.body.error.field).toBe('body.comment');
    expect((await approve(pending.body.patch.id, 1, { comment: 'x'.repeat(2000) })).status).toBe(200);
  });

  // The console judges a draft with the same zod schema; the server judges it again, on a new patch
  // and on a new version alike.
  const REFUSED: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['an unsafe pattern', { match: { message_pattern: '(a+)+$' } }, 'body.match.message_pattern', /backtrack/],
    ['a backreference', { match: { message_pattern: '(rate)\\1' } }, 'body.match.message_pattern', /RE2/],
    ['an unknown action', { actions: [{ type: 'exec_shell', command: 'rm -rf /' }] }, 'body.actions.0.type', /discriminator|expected/i],
    ['an out-of-range bound', { actions: [{ type: 'increase_timeout', factor: 50, max_ms: 60_000 }] }, 'body.actions.0.factor', /10/],
    ['an oversized value', { actions: [{ type: 'set_option', key: 'base_url', value: 'x'.repeat(4097) }] }, 'body.actions.0.value', /4096/],
    ['an unknown key in an action', { actions: [{ type: 'resign_request', clock_skew_tolerance_s: 30, sign_with: 'sk' }] }, 'body.actions.0.sign_with', /sign_with/],
    ['an unknown key in the match', { match: { status: 429, message: 'rate' } }, 'body.match.message', /message/],
    ['an unknown key in the patch', { actons: [] }, 'body.actons', /actons/],
  ];

  it.each(REFUSED)('refuses %s with a 400 naming the field, on a new patch and on a new version', async (_what, overrides, field, message) => {
    const code = uniqueCode('refused');
    const created = await create(patchBody(code, overrides));
    expect({ status: created.status, field: created.body.error?.field }).toEqual({ status: 400, field });
    expect(created.body.error.message).toMatch(message);
    expect(created.body.error.message.startsWith(`${field}:`)).toBe(true);

    const { patch } = await createApprovedPatch(server, patchBody(code));
    const next = await update(patch.id, patchBody(code, overrides));
    expect({ status: next.status, field: next.body.error?.field }).toEqual({ status: 400, field });
    const detail = await server.request('GET', `/api/dev/patches/${patch.id}`, { as: 'ops' });
    expect(detail.body.versions).toHaveLength(1);
  });
});
