// What rolling back a healing log does beyond restoring its snapshot, written once: the server's
// rollback applies it and the console's confirmation says it before anyone confirms.
import type { HealingLog } from '../schemas/autoheal.js';

/** The auto-apply pause a rollback puts on a rule for one plugin. */
export interface AutoApplyPauseTarget {
  ruleId: string;
  pluginId: string;
}

/**
 * The pause a rollback of `log` writes, or null when it writes none. Only a patch that automation
 * applied for a rule is judged to have been wrongly automated: its rule stops auto-applying on that
 * plugin until ops resume it. A patch a human applied, or one without a rule, pauses nothing.
 */
export function autoApplyPauseOf(log: Pick<HealingLog, 'auto_applied' | 'rule_id' | 'plugin_id'>): AutoApplyPauseTarget | null {
  if (!log.auto_applied || log.rule_id === null) return null;
  return { ruleId: log.rule_id, pluginId: log.plugin_id };
}

/** What a confirmation states about a rollback: the pause it writes and the newer patches it takes along. */
export interface RollbackEffects {
  pause: AutoApplyPauseTarget | null;
  /** The newer applied patches rolled back first (newest first); empty when nothing cascades. */
  cascade: readonly string[];
  /** Patches still applying on the plugin: while any is, the rollback is refused. */
  applying: readonly string[];
}

/**
 * The effects of rolling back `log` given the patches on its plugin that stand in its way (the
 * server's `newer` list). Newer patches rolled back by the cascade are not paused: they were not judged.
 */
export function rollbackEffects(
  log: Pick<HealingLog, 'auto_applied' | 'rule_id' | 'plugin_id'>,
  blocking: readonly { log_id: string; status: 'applied' | 'applying' }[],
): RollbackEffects {
  return {
    pause: autoApplyPauseOf(log),
    cascade: blocking.filter((patch) => patch.status === 'applied').map((patch) => patch.log_id),
    applying: blocking.filter((patch) => patch.status === 'applying').map((patch) => patch.log_id),
  };
}
