import { useIntl } from 'react-intl';
import type { TriageRow } from '../../../../src-shared/ipc/triage.js';
import { checks, useCheckedIds, useIsChecked } from '../check-store.js';
import { useIsCursor } from '../table-ui-store.js';

/**
 * A row's always-visible checkbox; shift-click checks or unchecks the range from the last click.
 * Only the cursor row's is a tab stop (the grid has one; the keys move the cursor).
 */
export function RowCheckbox({ index, row, idAt }: { index: number; row: TriageRow | undefined; idAt: (index: number) => string | undefined }) {
  const intl = useIntl();
  const checked = useIsChecked(row?.log.id);
  const isCursor = useIsCursor(row?.log.id);
  if (!row) return <input type="checkbox" disabled aria-label={intl.formatMessage({ id: 'logs.check.notRead' })} />;
  return (
    <input
      type="checkbox"
      tabIndex={isCursor ? 0 : -1}
      data-testid="row-check"
      checked={checked}
      aria-label={intl.formatMessage({ id: 'logs.check.row' }, { plugin: row.log.plugin_id, issue: row.log.detected_issue })}
      onClick={(event) => event.stopPropagation()}
      onChange={(event) => checks.checkboxClicked(index, (event.nativeEvent as MouseEvent).shiftKey === true, idAt)}
    />
  );
}

/** The header checkbox: checks every row read in the scrolled window, or clears when all are checked. */
export function WindowCheckbox({ ids }: { ids: string[] }) {
  const intl = useIntl();
  const checked = useCheckedIds();
  const all = ids.length > 0 && ids.every((id) => checked.has(id));
  return (
    <input
      type="checkbox"
      data-testid="check-window"
      checked={all}
      aria-label={intl.formatMessage({ id: all ? 'logs.check.none' : 'logs.check.all' })}
      onChange={() => checks.allToggled(ids)}
    />
  );
}
