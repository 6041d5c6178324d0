import type { Page } from '@playwright/test';

/** A region of the window whose strings are not in catalogs yet: what is found there is listed, not failed. */
export interface PendingRegion {
  selector: string;
  why: string;
}

/** A visible text or label that did not come from a catalog. */
export interface TextFinding {
  screen: string;
  /** The element, as a short CSS-like path. */
  where: string;
  /** `text`, or the attribute it was read from. */
  source: string;
  text: string;
  /** Why it is only listed (a pending region), or null: it fails the check. */
  pending: string | null;
}

/**
 * In the pseudo-locale every catalog message is accented, lengthened and bracketed ("[Ŕééṽííééŵ ~]"), so
 * a visible text node, label, title or placeholder with plain letters and no accented one did not come
 * from a catalog. Data is skipped: elements marked `data-i18n-data` or `translate="no"` (plugin ids, issues,
 * server messages), code and diffs, text that is an id, a number, a version or an address, and dates and
 * times written by Intl.
 */
export async function untranslatedText(page: Page, screen: string, pending: readonly PendingRegion[]): Promise<TextFinding[]> {
  const found = await page.evaluate((pendingRegions) => {
    const DATA = '[data-i18n-data], [translate="no"], script, style, svg, .cm-editor, .cm-merge-view, code, pre';
    const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'aria-valuetext', 'alt'];
    const PSEUDO = /[\u00c0-\u024f\u1e00-\u1eff]/;
    // Ids, versions and addresses are data.
    const DATA_TEXT = [/^[0-9a-f]{4,}(?:-[0-9a-f]+)*$/i, /^v?\d+(?:\.\d+)*$/, /^[a-z][a-z0-9+.-]*:\/\/\S+$/i];
    // Dates and times come from Intl in the page's locale, not from a catalog: their words (months,
    // weekdays, AM/PM, "at") are gathered from Intl itself, and a text made only of them passes.
    const intlWords = new Set<string>();
    const addWords = (text: string) => text.split(/[^A-Za-z]+/).forEach((word) => word && intlWords.add(word));
    const lang = document.documentElement.lang || 'en';
    for (let month = 0; month < 12; month++) {
      for (const style of ['short', 'long'] as const) addWords(new Intl.DateTimeFormat(lang, { month: style }).format(new Date(2026, month, 15)));
    }
    for (let day = 0; day < 7; day++) {
      for (const style of ['short', 'long'] as const) addWords(new Intl.DateTimeFormat(lang, { weekday: style }).format(new Date(2026, 0, 4 + day)));
    }
    for (const hour of [1, 13]) addWords(new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'long' }).format(new Date(2026, 0, 1, hour)));
    const isIntlDate = (text: string) => /\d/.test(text) && text.split(/[^A-Za-z]+/).every((word) => !word || intlWords.has(word));
    const fromCatalog = (text: string) => {
      const trimmed = text.trim();
      if (!/[A-Za-z]/.test(trimmed)) return true;
      if (PSEUDO.test(trimmed)) return true;
      return DATA_TEXT.some((pattern) => pattern.test(trimmed)) || isIntlDate(trimmed);
    };
    const describe = (element: Element) => {
      const parts: string[] = [];
      for (let node: Element | null = element; node && parts.length < 4; node = node.parentElement) {
        const testId = node.getAttribute('data-testid');
        parts.unshift(testId ? `[data-testid=${testId}]` : node.tagName.toLowerCase());
        if (testId) break;
      }
      return parts.join(' > ');
    };
    const visible = (element: Element) => element.closest('option') !== null || element.checkVisibility({ visibilityProperty: true, opacityProperty: false });
    const pendingOf = (element: Element) => pendingRegions.find((region) => element.closest(region.selector) !== null)?.why ?? null;
    const findings: { where: string; source: string; text: string; pending: string | null }[] = [];

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent ?? '';
      if (!parent || parent.closest(DATA) || fromCatalog(text) || !visible(parent)) continue;
      findings.push({ where: describe(parent), source: 'text', text: text.trim().slice(0, 120), pending: pendingOf(parent) });
    }
    for (const element of Array.from(document.body.querySelectorAll(ATTRIBUTES.map((name) => `[${name}]`).join(', ')))) {
      if (element.closest(DATA) || element.closest('time') || !visible(element)) continue;
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value === null || fromCatalog(value)) continue;
        findings.push({ where: describe(element), source: `@${name}`, text: value.slice(0, 120), pending: pendingOf(element) });
      }
    }
    return findings;
  }, pending);
  return found.map((finding) => ({ screen, ...finding }));
}

export function formatTextFindings(findings: readonly TextFinding[]): string {
  return findings.map((f) => `- ${f.screen}: ${f.where} ${f.source} "${f.text}"${f.pending ? ` (listed only: ${f.pending})` : ''}`).join('\n');
}
