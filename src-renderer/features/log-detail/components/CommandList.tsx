import type { Command } from '../../../../src-shared/schemas/commands.js';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';

/** The commands sent to the plugin for this log and what the plugin answered. */
export function CommandList({ commands }: { commands: Command[] }) {
  const intl = useIntl();
  return (
    <section className="detail-section" aria-labelledby="commands-title">
      <h3 id="commands-title">{intl.formatMessage({ id: 'logDetail.commands.title' })}</h3>
      {commands.length === 0 ? (
        <p className="muted">{intl.formatMessage({ id: 'logDetail.commands.empty' })}</p>
      ) : (
        <ul className="plain-list" data-testid="command-list">
          {commands.map((command) => (
            <li key={command.id} data-testid="command-entry" data-status={command.status}>
              <strong data-i18n-data>{command.command_type}</strong> · <span className={`ack ack-${command.status}`}>{intl.formatMessage({ id: `logDetail.commands.ack.${command.status}` })}</span>
              <span className="muted small">{intl.formatMessage({ id: 'logDetail.commands.sent' }, { at: formatDate(intl.locale, command.created_at) })}</span>
              {command.acked_at && <span className="muted small">{intl.formatMessage({ id: 'logDetail.commands.acked' }, { at: formatDate(intl.locale, command.acked_at) })}</span>}
              {command.error && <div className="error small" data-i18n-data>
                  {command.error}
                </div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
