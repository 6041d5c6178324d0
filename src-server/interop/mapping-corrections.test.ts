import { describe, expect, it } from 'vitest';
import { openPglite } from '../db/database.js';
import { loadMigrations, migrate } from '../db/migrate.js';

describe("migration 0006's mapping corrections", () => {
  it('correct the rows still as seeded (version 2) and leave a mapping someone edited as they made it', async () => {
    const db = await openPglite({});
    try {
      const all = loadMigrations();
      await migrate(db, all.filter((m) => m.name < '0006'));
      const seeded = await db.query<{ source_event: string; field_mapping: Record<string, string>; version: number }>(
        "SELECT source_event, field_mapping, version FROM interop_event_mappings WHERE source_event = 'woocommerce_payment_complete'",
      );
      expect(seeded.rows[0]).toEqual({ source_event: 'woocommerce_payment_complete', field_mapping: { order_id: 'id', total: 'amount' }, version: 1 });
      const edited = { order_id: 'order_id', total: 'amount', currency: 'currency', transaction_id: 'transaction_id' };
      await db.query(
        "UPDATE interop_event_mappings SET field_mapping = $1::jsonb, version = 2 WHERE platform = 'shopify' AND source_event = 'orders/paid'",
        [JSON.stringify(edited)],
      );

      await migrate(db, all);
      const { rows } = await db.query<{ platform: string; source_event: string; field_mapping: Record<string, string>; version: number }>(
        'SELECT platform, source_event, field_mapping, version FROM interop_event_mappings ORDER BY platform, source_event',
      );
      const paid = rows.find((r) => r.source_event === 'orders/paid')!;
      expect(paid).toMatchObject({ field_mapping: edited, version: 2 });
      for (const row of rows.filter((r) => r !== paid)) {
        expect(row.version).toBe(2);
        expect(Object.values(row.field_mapping).sort()).toEqual(['amount', 'currency', 'order_id']);
      }
      expect(rows.find((r) => r.source_event === 'woocommerce_payment_complete')!.field_mapping).toEqual({
        'order_id|id': 'order_id',
        total: 'amount',
        currency: 'currency',
      });
      expect(Object.keys(rows.find((r) => r.platform === 'prestashop')!.field_mapping)).toContain('id|id_order');
    } finally {
      await db.close();
    }
  });
});
