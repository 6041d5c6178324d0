import { ProposedPatchSchema, ReportedExcerptSchema, type ProposeBody } from '../../src-shared/schemas/autoheal.js';
import type { Plugin } from '../../src-shared/schemas/plugins.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { saveExcerpt } from './code-excerpts.js';
import { proposePatch } from './propose.js';
import { matchingRules } from './rule-matcher.js';
import { activeRulesForPlatform, patchFromTemplate } from './rules-repo.js';

/** A `plugin.error` as the interop layer received it. */
export interface PluginErrorInput {
  plugin: Plugin;
  message: string;
  /** Where the error came from (e.g. the interop event id), kept in the proposal's decision. */
  source: string;
  /**
   * The payload's `excerpt` (redacted on intake): kept with each proposal. One that is not a valid
   * excerpt (a mapping may have written anything there) is left out.
   */
  excerpt?: unknown;
}

const MAX_ISSUE_LENGTH = 4000;

/** The message cut to what a healing log keeps, without splitting a surrogate pair. */
function issueText(message: string): string {
  if (message.length <= MAX_ISSUE_LENGTH) return message;
  const last = message.charCodeAt(MAX_ISSUE_LENGTH - 1);
  return message.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_ISSUE_LENGTH - 1 : MAX_ISSUE_LENGTH);
}

/**
 * Matches a plugin's error message against the active rules for its platform (or 'all') and
 * proposes one patch per matching rule, as the rules engine. Returns the ids of the created
 * healing logs, in rule-name order.
 */
export async function proposeForPluginError(db: Queryable, ctx: ServerContext, input: PluginErrorInput): Promise<string[]> {
  if (input.message.trim() === '') return [];
  const rules = matchingRules(await activeRulesForPlatform(db, input.plugin.cms), input.message);
  const excerpt = input.excerpt === undefined ? null : ReportedExcerptSchema.safeParse(input.excerpt);
  const ids: string[] = [];
  for (const rule of rules) {
    const patch = ProposedPatchSchema.safeParse(patchFromTemplate(rule));
    if (!patch.success) {
      // Only a row written around the rules API can get here; the API validates templates.
      ctx.log.warn({ rule: rule.name, issues: patch.error.issues }, 'healing rule has an unusable patch_template; skipped');
      continue;
    }
    const body: ProposeBody = {
      plugin_id: input.plugin.id,
      detected_issue: issueText(input.message),
      issue_severity: rule.severity,
      patch_type: rule.patch_type,
      proposed_patch: patch.data,
      sira_confidence: rule.confidence,
      rule: rule.name,
      sira_decision: { analyser: 'rules', rule: rule.name, source: input.source },
    };
    const proposed = await proposePatch(db, ctx, body, { name: 'rules-engine', ruleId: rule.id });
    if (excerpt?.success) await saveExcerpt(db, proposed.log.id, excerpt.data, input.source);
    ids.push(proposed.log.id);
  }
  return ids;
}
