// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { FilterBar } from './components/FilterBar.js';
import { followAddress, resetLogFilters, useFiltersChanged, useLogFilters } from './filter-store.js';
import { DEFAULT_FILTERS, parseFilters, serializeFilters, toTriageFilters, type LogFilters } from './log-filters.js';
import { inLocale } from '../../infra/i18n/in-locale.js';

const FULL: LogFilters = {
  view: 'all',
  status: ['pending_review', 'failed'],
  severity: ['high', 'critical'],
  platform: ['shopify'],
  pluginId: 'shop-1',
  minConfidence: 40,
  maxConfidence: 84.5,
  from: '2026-03-01',
  to: '2026-03-31',
  q: 'unknown column & 100%',
};

describe('log filters in the address', () => {
  it('survive a round trip through the fragment, every field', () => {
    const hash = serializeFilters(FULL);
    expect(hash.startsWith('#')).toBe(true);
    expect(parseFilters(hash)).toEqual(FULL);
  });

  it('leave the plain review queue with an empty fragment and keep unrelated parameters', () => {
    expect(serializeFilters(DEFAULT_FILTERS)).toBe('');
    expect(serializeFilters({ ...DEFAULT_FILTERS, q: 'x' }, '#other=1&q=old')).toBe('#other=1&q=x');
  });

  it('drop malformed values instead of failing, and swap a reversed confidence range', () => {
    const parsed = parseFilters('#view=nope&status=applied,bogus&severity=huge&cmin=90&cmax=20&from=yesterday&platform=shopify,wix');
    expect(parsed.view).toBe('queue');
    expect(parsed.status).toEqual(['applied']);
    expect(parsed.severity).toEqual([]);
    expect(parsed.platform).toEqual(['shopify']);
    expect([parsed.minConfidence, parsed.maxConfidence]).toEqual([20, 90]);
    expect(parsed.from).toBe('');
  });

  it('make the queue always ask for logs waiting for review and include the whole last day', () => {
    const queue = toTriageFilters({ ...FULL, view: 'queue' });
    expect(queue.status).toEqual(['pending_review']);
    const all = toTriageFilters(FULL);
    expect(all.status).toEqual(['pending_review', 'failed']);
    expect(Date.parse(all.createdTo!) - Date.parse(all.createdFrom!)).toBe(31 * 24 * 3_600_000);
    expect(all.q).toBe('unknown column & 100%');
    expect(toTriageFilters({ ...DEFAULT_FILTERS, q: '   ' }).q).toBeUndefined();
  });
});

function Probe() {
  const filters = useLogFilters();
  return <output data-testid="probe">{JSON.stringify({ severity: filters.severity, q: filters.q })}</output>;
}

describe('the filter bar', () => {
  afterEach(cleanup);

  it('writes each change to the address and going back restores the previous filters', async () => {
    const user = userEvent.setup();
    const stop = followAddress();
    render(
      <>
        <FilterBar searchRef={{ current: null }} />
        <Probe />
      </>,
      { wrapper: inLocale('en') },
    );
    const lengthBefore = history.length;
    await user.click(screen.getByText(/Severity:/));
    await user.click(screen.getByTestId('filter-severity-critical'));
    expect(location.hash).toBe('#severity=critical');
    const severityOnly = location.href;
    await user.type(screen.getByTestId('filter-search'), 'fee');
    expect(parseFilters(location.hash)).toMatchObject({ severity: ['critical'], q: 'fee' });
    // One entry for the severity, one for the search: typing replaces its entry instead of adding one per key.
    expect(history.length).toBe(lengthBefore + 2);

    // What the browser does on "back": the address returns to the previous entry and popstate fires.
    act(() => {
      history.replaceState(null, '', severityOnly);
      dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(JSON.parse(screen.getByTestId('probe').textContent!)).toEqual({ severity: ['critical'], q: '' });
    expect((screen.getByTestId('filter-search') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('filter-severity-critical') as HTMLInputElement).checked).toBe(true);
    stop();
  });
});

describe('the filters of each view', () => {
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', location.pathname);
    resetLogFilters();
  });

  function ViewProbe() {
    const filters = useLogFilters();
    const changed = useFiltersChanged();
    return (
      <>
        <output data-testid="view-probe">{JSON.stringify({ view: filters.view, severity: filters.severity, q: filters.q })}</output>
        <button type="button" onClick={() => changed({ view: filters.view === 'queue' ? 'all' : 'queue' })}>
          switch
        </button>
      </>
    );
  }
  const shown = () => JSON.parse(screen.getByTestId('view-probe').textContent!);

  it('are kept apart: a filter set on the review queue is not applied to the all-logs table, and comes back with the queue', async () => {
    const user = userEvent.setup();
    history.replaceState(null, '', location.pathname);
    resetLogFilters();
    render(
      <>
        <FilterBar searchRef={{ current: null }} />
        <ViewProbe />
      </>,
      { wrapper: inLocale('en') },
    );
    await user.click(screen.getByText(/Severity:/));
    await user.click(screen.getByTestId('filter-severity-critical'));
    expect(shown()).toEqual({ view: 'queue', severity: ['critical'], q: '' });

    await user.click(screen.getByText('switch'));
    expect(shown()).toEqual({ view: 'all', severity: [], q: '' });
    expect(location.hash).toBe('#view=all');
    await user.type(screen.getByTestId('filter-search'), 'fee');
    expect(shown()).toEqual({ view: 'all', severity: [], q: 'fee' });

    await user.click(screen.getByText('switch'));
    expect(shown()).toEqual({ view: 'queue', severity: ['critical'], q: '' });
    expect(location.hash).toBe('#severity=critical');
    await user.click(screen.getByText('switch'));
    expect(shown()).toEqual({ view: 'all', severity: [], q: 'fee' });
  });
});
