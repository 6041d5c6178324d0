/**
 * Fills a backend database for the sync benchmark, directly with SQL: migrations, one admin token,
 * 50 plugins and N healing logs (a third pending review). Runs in its own process so the
 * benchmark's RSS figure is the console's alone.
 *
 *   tsx bench/sync/seed.ts <logs> <pglite-dir | postgres-url>   (token in BENCH_TOKEN)
 */
import { openPglite, openPostgres } from '../../src-server/db/database.js';
import { migrate } from '../../src-server/db/migrate.js';
import { createToken } from '../../src-server/http/auth.js';

const [count, target] = process.argv.slice(2);
const token = process.env.BENCH_TOKEN;
if (!count || !target || !token) {
  process.stderr.write('usage: BENCH_TOKEN=... tsx bench/sync/seed.ts <logs> <pglite-dir | postgres-url>\n');
  process.exit(2);
}

const db = /^postgres(ql)?:/.test(target) ? await openPostgres(target) : await openPglite({ dataDir: target });
await migrate(db);
await createToken(db, { name: 'bench sync admin', role: 'admin', token });
await db.query(
  `INSERT INTO plugins (id, merchant_id, cms, cms_version, plugin_version)
   SELECT 'bench-' || g, 'bench-merchant', (ARRAY['woocommerce', 'shopify', 'prestashop', 'magento'])[1 + g % 4], '8.2.1', '1.4.0'
     FROM generate_series(0, 49) AS g`,
);
const BATCH = 10_000;
for (let from = 1; from <= Number(count); from += BATCH) {
  const to = Math.min(Number(count), from + BATCH - 1);
  await db.query(
    `INSERT INTO plugin_auto_healing_logs
       (plugin_id, detected_issue, issue_severity, patch_type, proposed_patch, sira_decision, sira_confidence, status, created_by, created_at, updated_at)
     SELECT 'bench-' || (g % 50),
            'Unknown column ''fee_' || g || ''' in field list',
            (ARRAY['low', 'medium', 'high', 'critical'])[1 + g % 4],
            'config_update',
            jsonb_build_object('type', 'config_update', 'action', 'update_config', 'state_changes', jsonb_build_object('fee_' || g, true)),
            jsonb_build_object('model', 'rules-v1', 'matched', 'memory_limit_exceeded'),
            (g * 37) % 100,
            CASE g % 3 WHEN 0 THEN 'pending_review' WHEN 1 THEN 'applied' ELSE 'rejected' END,
            'bench sira',
            now() - g * interval '1 second',
            now()
       FROM generate_series($1::int, $2::int) AS g`,
    [from, to],
  );
}
await db.close();
process.stdout.write(`seeded ${count} healing logs\n`);
