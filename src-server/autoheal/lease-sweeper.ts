import type { ServerContext } from '../context.js';
import { writeAudit } from '../http/route.js';
import type { Principal } from '../http/auth.js';
import { settleApplyCommand } from './command-outcomes.js';
import { expireExhaustedCommands } from './commands-repo.js';

const SWEEP_INTERVAL_MS = 30_000;
const SYSTEM = { tokenId: 'system:command-queue', name: 'command-queue', role: 'system', merchantId: null } as unknown as Principal;

/**
 * Expires exhausted leases of every plugin. Polls expire their own plugin's commands; this sweep
 * covers a plugin that stopped polling, whose `apply_patch` would otherwise stay `applying` forever
 * (an expired apply rolls the plugin back to its snapshot and fails the log).
 */
export async function sweepExhaustedLeases(ctx: ServerContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const expired = await expireExhaustedCommands(tx, null);
    for (const command of expired) {
      await writeAudit(tx, SYSTEM, { action: 'command.expire', entityType: 'command', entityId: command.id, after: command });
      await settleApplyCommand(tx, ctx, command, {
        success: false,
        error: `plugin did not acknowledge within ${command.attempts} attempts`,
        actorName: 'command-queue',
      });
    }
    return expired.length;
  });
}

/** Runs the sweep on a timer until `stop` is called. */
export function startLeaseSweeper(ctx: ServerContext, intervalMs = SWEEP_INTERVAL_MS): { stop(): void } {
  const timer = setInterval(() => {
    sweepExhaustedLeases(ctx).catch((error: unknown) => ctx.log.warn({ err: error }, 'lease sweep failed'));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
