import type { Command } from '../../src-shared/schemas/commands.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { recordApplyOutcome, type ApplyOutcomeInput } from './outcomes.js';

/**
 * Settles the healing log an `apply_patch` command carries out, once the plugin acknowledged it or
 * its last lease ran out. Other commands have no log to settle.
 *
 * The outcome runs inside a savepoint: when the log has already moved on (a 409 from the state
 * machine), the plugin's report is still recorded on the command and the poll or ack goes
 * through, rather than failing forever on a log nobody can change any more.
 */
export async function settleApplyCommand(
  tx: Queryable,
  ctx: ServerContext,
  command: Command,
  outcome: Omit<ApplyOutcomeInput, 'logId'>,
): Promise<void> {
  if (command.command_type !== 'apply_patch' || !command.healing_log_id) return;
  await tx.query('SAVEPOINT settle_apply_command');
  try {
    await recordApplyOutcome(tx, { ...outcome, logId: command.healing_log_id });
    await tx.query('RELEASE SAVEPOINT settle_apply_command');
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 409) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT settle_apply_command');
    ctx.log.warn(
      { commandId: command.id, healingLogId: command.healing_log_id, reason: error.message },
      'apply_patch outcome not applied: the healing log has moved on',
    );
  }
}
