import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { formatPercent } from '../../../../src-shared/domain/locale-format.js';
import type { Rollout } from '../../../../src-shared/schemas/rollout.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { rolloutListQuery } from '../queries.js';

const NO_ROLLOUTS: ReadonlyMap<string, Rollout> = new Map();

/** Every cached rollout by its patch's id (empty until read). */
export function useRolloutsByPatch(): ReadonlyMap<string, Rollout> {
  const api = useOpsApi();
  const list = useQuery(rolloutListQuery(api));
  return useMemo(() => (list.data ? new Map(list.data.rollouts.map((view) => [view.rollout.patch_id, view.rollout])) : NO_ROLLOUTS), [list.data]);
}

/** A rollout still under way or halted, beside the patch's state in the table ("rolling 25 %", "halted"); a completed one says nothing. */
export function RolloutBadge({ rollout }: { rollout: Rollout | undefined }) {
  const intl = useIntl();
  if (!rollout || rollout.state === 'completed') return null;
  return (
    <span className={`rollout-badge rollout-state-${rollout.state}`} data-testid="patch-rollout-badge" data-rollout-state={rollout.state}>
      {intl.formatMessage({ id: 'rollouts.badge' }, { state: rollout.state, share: formatPercent(intl.locale, rollout.share_pct / 100, 1) })}
    </span>
  );
}
