import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatNumber } from '../../../../src-shared/domain/locale-format.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { alertsQuery } from '../queries.js';
import '../nav-badge.css';

/** How many of the runbook's alerts fire now, beside the Runbook in the navigation (nothing when none fires). */
export function FiringAlertsBadge() {
  const intl = useIntl();
  const api = useOpsApi();
  const firing = useQuery({ ...alertsQuery(api), select: (answer) => answer.alerts.filter((view) => view.alert.state === 'firing').length }).data ?? 0;
  if (firing === 0) return null;
  return (
    <span className="nav-badge" data-testid="nav-alerts-firing" data-count={firing}>
      <span aria-hidden="true">{formatNumber(intl.locale, firing)}</span>
      <span className="visually-hidden">{intl.formatMessage({ id: 'alerts.navFiring' }, { count: firing })}</span>
    </span>
  );
}
