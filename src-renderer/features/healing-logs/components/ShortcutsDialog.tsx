import { tableUi, useShortcutsOpen } from '../table-ui-store.js';

const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous log'],
  ['Enter', 'open the log in the detail pane'],
  ['x', 'check or uncheck the log (shift-click a checkbox for a range)'],
  ['a', 'approve'],
  ['r', 'reject (asks for the reason)'],
  ['/', 'search'],
  ['?', 'show or hide these shortcuts'],
  ['Esc', 'close'],
];

/** The keyboard shortcuts of the tables, shown with ?. */
export function ShortcutsDialog() {
  const open = useShortcutsOpen();
  if (!open) return null;
  return (
    <div className="shortcuts-dialog" role="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" autoFocus onClick={() => tableUi.shortcutsToggled(false)}>
        Close
      </button>
    </div>
  );
}
