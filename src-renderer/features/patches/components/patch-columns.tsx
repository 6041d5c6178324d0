import { createColumnHelper } from '@tanstack/react-table';
import { createContext, useContext } from 'react';
import { useIntl } from 'react-intl';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import type { Rollout } from '../../../../src-shared/schemas/rollout.js';
import type { PatchSortColumn } from '../patches-store.js';
import { AlertBadges, FigureCell, LocalStateBadge, PatchSeverity, PatchStateBadge, WhenCell } from './PatchCells.js';
import { PatchRowActions } from './PatchRowActions.js';
import { RolloutBadge } from './RolloutBadge.js';

/** What the cells read besides their row. */
export interface PatchTableMeta {
  canAuthor: boolean;
  openPatchId: string | null;
  /** Each patch's cached rollout, by patch id. */
  rollouts: ReadonlyMap<string, Rollout>;
  opened(patchId: string): void;
}

/** What the cells read besides their row, given by the table around them. */
export const PatchTableContext = createContext<PatchTableMeta>({ canAuthor: false, openPatchId: null, rollouts: new Map(), opened: () => {} });

/** The channel's sort column each sortable column's header asks for. */
export const SORT_BY: Readonly<Record<string, PatchSortColumn>> = {
  language: 'sdk_language',
  signature: 'error_signature',
  severity: 'severity',
  state: 'state',
  version: 'active_version',
  author: 'author',
  changed: 'last_change_at',
  applications: 'applications_7d',
  success: 'success_rate_7d',
  rollback: 'rollback_rate_24h',
  seen: 'last_seen_at',
};

const column = createColumnHelper<PatchRow>();

function PatchRollout({ patchId }: { patchId: string }) {
  return <RolloutBadge rollout={useContext(PatchTableContext).rollouts.get(patchId)} />;
}

/** A column's title from the catalog. */
export function PatchColumnTitle({ id }: { id: string }) {
  return <>{useIntl().formatMessage({ id: `patches.column.${id}` })}</>;
}

function SignatureCell({ row }: { row: PatchRow }) {
  const intl = useIntl();
  const { openPatchId, opened } = useContext(PatchTableContext);
  const open = openPatchId === row.id;
  return (
    <span className="patch-signature-cell">
      <button
        type="button"
        className="link patch-signature"
        data-testid="patch-open"
        aria-expanded={open}
        aria-controls="patch-detail"
        title={intl.formatMessage({ id: 'patches.action.details' })}
        onClick={() => opened(row.id)}
      >
        <span data-i18n-data>{row.error_signature}</span>
      </button>
      <span className="muted small mono patch-match" title={row.match_summary} data-i18n-data>
        {row.match_summary}
      </span>
    </span>
  );
}

/** The Patches table's columns (`SORT_BY` names the channel's sort each header asks for). */
export const PATCH_COLUMNS = [
  column.accessor('sdk_language', {
    id: 'language',
    header: () => <PatchColumnTitle id="language" />,
    cell: (context) => <span className="mono" data-i18n-data>{context.getValue()}</span>
  }),
  column.display({
    id: 'signature',
    header: () => <PatchColumnTitle id="signature" />,
    cell: (context) => <SignatureCell row={context.row.original} />,
  }),
  column.display({ id: 'severity', header: () => <PatchColumnTitle id="severity" />, cell: (context) => <PatchSeverity severity={context.row.original.severity} /> }),
  column.display({
    id: 'state',
    header: () => <PatchColumnTitle id="state" />,
    cell: (context) => (
      <span className="patch-state-cell">
        <span className="patch-state-line">
          <PatchStateBadge state={context.row.original.state} />
          <PatchRollout patchId={context.row.original.id} />
        </span>
        <LocalStateBadge state={context.row.original.localState} />
        <AlertBadges alerts={context.row.original.alerts} />
      </span>
    )
  }),
  column.display({
    id: 'version',
    header: () => <PatchColumnTitle id="version" />,
    cell: (context) => <ActiveVersion row={context.row.original} />
  }),
  column.display({ id: 'author', header: () => <PatchColumnTitle id="author" />, cell: (context) => <span data-i18n-data>{context.row.original.author}</span> }),
  column.display({
    id: 'changed',
    header: () => <PatchColumnTitle id="changed" />,
    cell: (context) => <WhenCell at={context.row.original.last_change_at} />
  }),
  column.display({ id: 'applications', header: () => <PatchColumnTitle id="applications" />, cell: (context) => <FigureCell row={context.row.original} figure="applications_7d" /> }),
  column.display({ id: 'success', header: () => <PatchColumnTitle id="success" />, cell: (context) => <FigureCell row={context.row.original} figure="success_rate_7d" /> }),
  column.display({ id: 'rollback', header: () => <PatchColumnTitle id="rollback" />, cell: (context) => <FigureCell row={context.row.original} figure="rollback_rate_24h" /> }),
  column.display({
    id: 'seen',
    header: () => <PatchColumnTitle id="seen" />,
    cell: (context) => <WhenCell at={context.row.original.stats?.last_seen_at ?? null} />
  }),
  column.display({
    id: 'actions',
    header: () => (
      <span className="visually-hidden">
        <PatchColumnTitle id="actions" />
      </span>
    ),
    cell: (context) => <AuthorActions row={context.row.original} />,
  }),
];

function ActiveVersion({ row }: { row: PatchRow }) {
  const intl = useIntl();
  return (
    <span className="patch-version">
      {row.active_version === null ? (
        <span className="muted">{intl.formatMessage({ id: 'patches.version.none' })}</span>
      ) : (
        intl.formatMessage({ id: 'patches.version.number' }, { version: row.active_version })
      )}
      {row.pending_version !== null && (
        <span className="muted small" data-testid="patch-pending-version">
          {' '}
          {intl.formatMessage({ id: 'patches.version.pending' }, { version: row.pending_version })}
        </span>
      )}
    </span>
  );
}

function AuthorActions({ row }: { row: PatchRow }) {
  return useContext(PatchTableContext).canAuthor ? <PatchRowActions row={row} /> : null;
}
