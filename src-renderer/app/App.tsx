import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useRef, type CSSProperties } from 'react';
import { useIntl } from 'react-intl';
import { ConflictsPage } from '../features/conflicts/components/ConflictsPage.js';
import { HealingLogList } from '../features/healing-logs/components/HealingLogList.js';
import { PaneSplitter } from '../shared/components/PaneSplitter.js';
import { useDetailWidthStore } from '../shared/detail-width-store.js';
import { useSelectionStore } from '../shared/selection-store.js';
import { useReviewNotifications } from '../features/notifications/use-review-notifications.js';
import { OverviewPage } from '../features/overview/components/LazyOverviewPage.js';
import { useApplyTheme } from '../features/theme/use-apply-theme.js';
import { LogDetailPane } from '../features/log-detail/components/LogDetailPane.js';
import { SettingsPage } from '../features/settings/components/SettingsPage.js';
import { settingsQuery } from '../features/settings/queries.js';
import { WelcomeScreen } from '../features/welcome/components/WelcomeScreen.js';
import { SyncStatusBar } from '../features/sync-status/components/SyncStatusBar.js';
import { syncStatusQuery } from '../infra/sync-status.js';
import { useOpsApi } from '../infra/bridge-context.js';
import { useCurrentPage, type Page } from '../shared/navigation-store.js';
import { Notices } from './Notices.js';
import { Sidebar } from './Sidebar.js';

// The SDK patch registry's pages are their own chunks, fetched when first opened: the review queue's
// start never waits for them.
const PatchReviewsPage = lazy(() => import('../features/patch-reviews/components/PatchReviewsPage.js').then((module) => ({ default: module.PatchReviewsPage })));
const PatchesPage = lazy(() => import('../features/patches/components/PatchesPage.js').then((module) => ({ default: module.PatchesPage })));
const PatchEditorPage = lazy(() => import('../features/patch-editor/components/PatchEditorPage.js').then((module) => ({ default: module.PatchEditorPage })));
const RunbookPage = lazy(() => import('../features/runbook/components/RunbookPage.js').then((module) => ({ default: module.RunbookPage })));

/** What shows while a page's chunk loads: a polite status rather than an empty region. */
function PageLoading() {
  const intl = useIntl();
  return (
    <p className="muted" role="status" aria-busy="true" data-testid="loading-state" data-what="page">
      {intl.formatMessage({ id: 'app.page.loading' })}
    </p>
  );
}

/** Pages whose table takes the window's height (it scrolls inside, not the page). */
const FILLING_PAGES = new Set<Page>(['logs', 'patches']);

/**
 * The window: sidebar, the current page, the sync status bar. It reports `data-app-state="ready"` once
 * the main process has answered, so tests wait on the attribute instead of on time.
 */
export function App() {
  const api = useOpsApi();
  const page = useCurrentPage();
  const status = useQuery(syncStatusQuery(api));
  const state = status.isSuccess ? 'ready' : status.isError ? 'error' : 'loading';
  const detailOpen = useSelectionStore((s) => s.selectedId !== null);
  const detailWidth = useDetailWidthStore((s) => s.width);
  const split = useRef<HTMLDivElement>(null);
  const pane = useRef<HTMLElement>(null);
  // No backend chosen yet in this data folder: the welcome screen asks for one.
  const choosing = status.isSuccess && status.data.profile === null;
  const settings = useQuery({ ...settingsQuery(api), enabled: choosing });
  useApplyTheme();
  useReviewNotifications();

  if (choosing) {
    return (
      <div className="app app-welcome" data-testid="app-root" data-app-state={state}>
        <Notices />
        <WelcomeScreen demoAvailable={settings.data?.demoAvailable ?? false} />
      </div>
    );
  }

  return (
    <div className="app" data-testid="app-root" data-app-state={state}>
      <Sidebar />
      <main className={FILLING_PAGES.has(page) ? 'content content-fill' : 'content'}>
        <Notices />
        {page === 'logs' && (
          <div
            ref={split}
            className="logs-split"
            data-detail={detailOpen ? 'open' : 'closed'}
            style={detailWidth === null ? undefined : ({ '--detail-width': `${detailWidth}px` } as CSSProperties)}
          >
            <HealingLogList />
            {detailOpen && <PaneSplitter container={split} pane={pane} />}
            <LogDetailPane ref={pane} />
          </div>
        )}
        <Suspense fallback={<PageLoading />}>
          {page === 'patch-reviews' && <PatchReviewsPage />}
          {page === 'patches' && <PatchesPage />}
          {page === 'runbook' && <RunbookPage />}
          {page === 'patch-editor' && <PatchEditorPage />}
        </Suspense>
        {page === 'overview' && <OverviewPage />}
        {page === 'conflicts' && <ConflictsPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
      <SyncStatusBar />
    </div>
  );
}
