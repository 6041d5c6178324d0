import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchPreviewSchema, type PatchPreview } from '../../src-shared/schemas/preview.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { seedDemoData } from './seed.js';

/** The demo as a reviewer meets it: every seeded log's preview, through the real endpoint. */
describe('previews of the demo data', () => {
  let server: TestServer;
  let dataDir: string;
  let previews: Array<{ status: string; patch_type: string; preview: PatchPreview }>;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    dataDir = mkdtempSync(join(tmpdir(), 'molam-demo-previews-'));
    await seedDemoData(server.db, { dataDir, now: Date.parse('2026-11-23T12:00:00Z') });
    const { rows } = await server.db.query<{ id: string; status: string; patch_type: string }>(
      "SELECT id, status, patch_type FROM plugin_auto_healing_logs WHERE status <> 'superseded' ORDER BY created_at",
    );
    previews = [];
    for (const row of rows) {
      const response = await server.request('GET', `/api/v1/plugins/autoheal/${row.id}/preview`, { as: 'reviewer' });
      expect(response.status).toBe(200);
      previews.push({ status: row.status, patch_type: row.patch_type, preview: PatchPreviewSchema.parse(response.body) });
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a real difference for every state patch, pending or applied', () => {
    const state = previews.filter((p) => p.preview.kind === 'state');
    expect(state.some((p) => p.status === 'pending_review')).toBe(true);
    expect(state.some((p) => p.status === 'applied' && p.preview.kind === 'state' && p.preview.base === 'snapshot')).toBe(true);
    for (const { preview } of state) {
      if (preview.kind !== 'state') continue;
      expect(preview.changed_keys, preview.log_id).not.toEqual([]);
      expect(preview.unchanged_reason).toBeNull();
    }
  });

  it('shows code patches as PHP and JavaScript diffs of the excerpt their error carried', () => {
    const code = previews.filter((p) => p.patch_type === 'code_patch');
    expect(code.length).toBeGreaterThan(0);
    for (const { preview } of code) expect(preview.kind, JSON.stringify(preview)).toBe('code');
    const languages = new Set(code.map((p) => (p.preview.kind === 'code' ? p.preview.language : null)));
    expect(languages).toEqual(new Set(['php', 'javascript']));
  });

  it('says a notification or a dependency update changes nothing, and for no other reason', () => {
    for (const { patch_type, preview } of previews.filter((p) => p.preview.kind === 'none')) {
      expect(preview).toMatchObject({ reason: 'nothing_to_change' });
      expect(['notification', 'dependency_update']).toContain(patch_type);
    }
  });
});
