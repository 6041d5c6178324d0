import { useIntl } from 'react-intl';
import { NotificationToggle } from '../features/notifications/components/NotificationToggle.js';
import { FiringAlertsBadge } from '../features/runbook/components/FiringAlertsBadge.js';
import { ThemeSelector } from '../features/theme/components/ThemeSelector.js';
import { useCurrentPage, usePageSelected, type Page } from '../shared/navigation-store.js';

const ENTRIES: readonly Page[] = ['logs', 'patch-reviews', 'patches', 'patch-editor', 'runbook', 'overview', 'conflicts', 'settings'];

/** The console's navigation. */
export function Sidebar() {
  const intl = useIntl();
  const current = useCurrentPage();
  const pageSelected = usePageSelected();
  return (
    <nav className="sidebar" aria-label={intl.formatMessage({ id: 'app.nav.label' })}>
      <div className="brand">{intl.formatMessage({ id: 'app.brand' })}</div>
      <ul>
        {ENTRIES.map((page) => (
          <li key={page}>
            <button
              type="button"
              data-testid={`nav-${page}`}
              aria-current={current === page ? 'page' : undefined}
              onClick={() => pageSelected(page)}
            >
              {intl.formatMessage({ id: `app.nav.${page}` })}
              {page === 'runbook' && <FiringAlertsBadge />}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-tools">
        <ThemeSelector />
        <NotificationToggle />
      </div>
    </nav>
  );
}
