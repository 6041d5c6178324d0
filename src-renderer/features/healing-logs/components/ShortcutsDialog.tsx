import { useIntl } from 'react-intl';
import { tableUi, useShortcutsOpen } from '../table-ui-store.js';

// The keys are key names, the same in every language; what they do comes from the catalog.
const SHORTCUTS: [keys: string, what: string][] = [
  ['j / k', 'move'],
  ['Enter', 'open'],
  ['x', 'check'],
  ['a', 'approve'],
  ['r', 'reject'],
  ['/', 'search'],
  ['?', 'help'],
  ['Esc', 'close'],
];

/** The keyboard shortcuts of the tables, shown with ?. */
export function ShortcutsDialog() {
  const intl = useIntl();
  const open = useShortcutsOpen();
  if (!open) return null;
  return (
    <div className="shortcuts-dialog" role="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
      <h2 id="shortcuts-title">{intl.formatMessage({ id: 'logs.shortcuts.title' })}</h2>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd translate="no">{keys}</kbd>
            </dt>
            <dd>{intl.formatMessage({ id: `logs.shortcuts.${what}` })}</dd>
          </div>
        ))}
      </dl>
      <button type="button" autoFocus onClick={() => tableUi.shortcutsToggled(false)}>
        {intl.formatMessage({ id: 'logs.shortcuts.closeButton' })}
      </button>
    </div>
  );
}
