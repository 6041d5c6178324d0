import { NotificationToggle } from '../features/notifications/components/NotificationToggle.js';
import { ThemeSelector } from '../features/theme/components/ThemeSelector.js';
import { useCurrentPage, usePageSelected, type Page } from '../shared/navigation-store.js';

const ENTRIES: { page: Page; label: string }[] = [
  { page: 'logs', label: 'Healing logs' },
  { page: 'overview', label: 'Overview' },
  { page: 'conflicts', label: 'Conflicts' },
  { page: 'settings', label: 'Settings' },
];

/** The console's navigation. */
export function Sidebar() {
  const current = useCurrentPage();
  const pageSelected = usePageSelected();
  return (
    <nav className="sidebar" aria-label="Console sections">
      <div className="brand">Molam Heal</div>
      <ul>
        {ENTRIES.map(({ page, label }) => (
          <li key={page}>
            <button
              type="button"
              data-testid={`nav-${page}`}
              aria-current={current === page ? 'page' : undefined}
              onClick={() => pageSelected(page)}
            >
              {label}
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
