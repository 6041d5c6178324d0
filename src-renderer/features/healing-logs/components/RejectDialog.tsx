import { useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useRejectLogMutation } from '../mutations.js';
import { logsByIdsQuery } from '../queries.js';
import { tableUi, useRejectingId } from '../table-ui-store.js';
import { RejectReasonForm } from '../../../shared/components/RejectReasonForm.js';

/** The table's cursor row: where triage goes on after the dialog closes. */
const cursorRow = () => document.querySelector<HTMLElement>('[data-testid="log-table"] tr[data-cursor="true"]');

/** Asks for the reason of a rejection (the server requires one) and queues it; opened by "Reject…" or r. */
export function RejectDialog() {
  const logId = useRejectingId();
  if (!logId) return null;
  return <TableRejectForm key={logId} logId={logId} />;
}

function TableRejectForm({ logId }: { logId: string }) {
  const intl = useIntl();
  const api = useOpsApi();
  const reject = useRejectLogMutation();
  const log = useQuery({ ...logsByIdsQuery(api, [logId]), select: (data) => data.items[0]?.log }).data;
  return (
    <RejectReasonForm
      className="reject-dialog"
      title={
        log
          ? intl.formatMessage({ id: 'logs.reject.title' }, { plugin: log.plugin_id, issue: log.detected_issue })
          : intl.formatMessage({ id: 'logs.reject.titleUnknown' })
      }
      busy={reject.isPending}
      onSubmit={(reason) => reject.mutate({ logId, reason }, { onSuccess: () => tableUi.rejectClosed() })}
      onCancel={() => tableUi.rejectClosed()}
      returnFocus={cursorRow}
    />
  );
}
