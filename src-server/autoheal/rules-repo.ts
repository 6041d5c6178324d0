import type { Rule, UpsertRuleBody } from '../../src-shared/schemas/rules.js';
import type { Queryable } from '../db/database.js';

/** Filters and keyset position for listing rules (ordered by name). */
export interface RuleListFilter {
  active?: boolean;
  /** A platform, or 'all' for the rules that cover every platform. */
  platform?: string;
  afterName?: string | null;
  limit: number;
}

/** Rules ordered by name; `platform` keeps the rules that cover it (directly or through 'all'). */
export async function listRules(db: Queryable, filter: RuleListFilter): Promise<Rule[]> {
  const { rows } = await db.query<Rule>(
    `SELECT * FROM auto_healing_rules
      WHERE ($1::boolean IS NULL OR active = $1)
        AND ($2::text IS NULL OR platforms && ARRAY[$2::text, 'all'])
        AND ($3::text IS NULL OR name > $3)
      ORDER BY name LIMIT $4`,
    [filter.active ?? null, filter.platform ?? null, filter.afterName ?? null, filter.limit],
  );
  return rows;
}

/** The active rules that apply to a plugin on `platform`. */
export async function activeRulesForPlatform(db: Queryable, platform: string): Promise<Rule[]> {
  const { rows } = await db.query<Rule>(
    `SELECT * FROM auto_healing_rules WHERE active AND platforms && ARRAY[$1::text, 'all'] ORDER BY name`,
    [platform],
  );
  return rows;
}

/** The rule with this name, locked for the rest of the transaction; undefined when there is none. */
export async function lockRuleByName(db: Queryable, name: string): Promise<Rule | undefined> {
  const { rows } = await db.query<Rule>('SELECT * FROM auto_healing_rules WHERE name = $1 FOR UPDATE', [name]);
  return rows[0];
}

/** The proposed patch a rule's template stands for: `type` and `action` default to the rule's. */
export function patchFromTemplate(rule: Pick<Rule, 'patch_type' | 'action' | 'patch_template'>): Record<string, unknown> {
  return { type: rule.patch_type, action: rule.action, ...rule.patch_template };
}

/** Creates the rule or replaces every field of the one with the same name (its version goes up by one). */
export async function upsertRule(db: Queryable, body: UpsertRuleBody): Promise<Rule> {
  const platforms = [...new Set(body.platforms)];
  const { rows } = await db.query<Rule>(
    `INSERT INTO auto_healing_rules (name, description, error_pattern, platforms, auto_apply, confidence,
                                     auto_apply_threshold, action, severity, patch_type, patch_template, active)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11::jsonb, $12)
     ON CONFLICT (name) DO UPDATE SET
       description = EXCLUDED.description, error_pattern = EXCLUDED.error_pattern, platforms = EXCLUDED.platforms,
       auto_apply = EXCLUDED.auto_apply, confidence = EXCLUDED.confidence,
       auto_apply_threshold = EXCLUDED.auto_apply_threshold, action = EXCLUDED.action, severity = EXCLUDED.severity,
       patch_type = EXCLUDED.patch_type, patch_template = EXCLUDED.patch_template, active = EXCLUDED.active,
       updated_at = now(), version = auto_healing_rules.version + 1
     RETURNING *`,
    [
      body.name,
      body.description,
      body.error_pattern,
      platforms,
      body.auto_apply,
      body.confidence,
      body.auto_apply_threshold,
      body.action,
      body.severity,
      body.patch_type,
      JSON.stringify(body.patch_template),
      body.active,
    ],
  );
  return rows[0]!;
}
