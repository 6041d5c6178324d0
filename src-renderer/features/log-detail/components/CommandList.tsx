import type { Command } from '../../../../src-shared/schemas/commands.js';

const ACK_LABEL: Record<Command['status'], string> = {
  pending: 'waiting for the plugin',
  leased: 'picked up, no ack yet',
  succeeded: 'acked: succeeded',
  failed: 'acked: failed',
  expired: 'expired without an ack',
};

/** The commands sent to the plugin for this log and what the plugin answered. */
export function CommandList({ commands }: { commands: Command[] }) {
  return (
    <section className="detail-section" aria-labelledby="commands-title">
      <h3 id="commands-title">Commands</h3>
      {commands.length === 0 ? (
        <p className="muted">No command has been sent for this log.</p>
      ) : (
        <ul className="plain-list" data-testid="command-list">
          {commands.map((command) => (
            <li key={command.id} data-testid="command-entry" data-status={command.status}>
              <strong>{command.command_type}</strong> · <span className={`ack ack-${command.status}`}>{ACK_LABEL[command.status]}</span>
              <span className="muted small"> · sent {new Date(command.created_at).toLocaleString()}</span>
              {command.acked_at && <span className="muted small"> · acked {new Date(command.acked_at).toLocaleString()}</span>}
              {command.error && <div className="error small">{command.error}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
