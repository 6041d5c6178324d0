import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SYMBOL_BLOCKS } from './symbol-blocks.js';

/** The WCAG 2.1 A and AA rules axe runs on every screen. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One problem found on one screen, printed whole when the test fails. */
export interface Finding {
  screen: string;
  kind: 'axe' | 'glyph';
  id: string;
  summary: string;
  targets: string[];
}

/** The serious and critical axe violations of what the page shows now. */
export async function axeFindings(page: Page, screen: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      kind: 'axe' as const,
      id: `${violation.id} (${violation.impact})`,
      summary: `${violation.help}: ${violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
      targets: violation.nodes.slice(0, 5).map((node) => JSON.stringify(node.target)),
    }));
}


/**
 * Every character beyond ASCII that the page shows as text (text nodes of visible elements, open
 * shadow roots included, and `::before`/`::after` content) and whether it is a symbol the console
 * must draw as an icon, or renders as an empty box with the fonts this machine has: drawn on a canvas
 * in the page's font, a missing glyph gives the same pixels as an unassigned code point.
 */
export async function glyphFindings(page: Page, screen: string): Promise<Finding[]> {
  const found = await page.evaluate((blocks) => {
    const chars = new Map<string, string>();
    const note = (text: string, where: Element) => {
      for (const char of text) if (char.codePointAt(0)! > 0x7e && !chars.has(char)) chars.set(char, describe(where));
    };
    const describe = (element: Element) => {
      const id = element.closest('[data-testid]')?.getAttribute('data-testid');
      return `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''}${id ? ` in [data-testid=${id}]` : ''}`;
    };
    const visit = (root: Document | ShadowRoot) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement;
          if (parent && !['SCRIPT', 'STYLE', 'TITLE'].includes(parent.tagName) && parent.checkVisibility()) note(node.textContent ?? '', parent);
          continue;
        }
        const element = node as Element;
        for (const pseudo of ['::before', '::after']) {
          const content = getComputedStyle(element, pseudo).content;
          if (content.startsWith('"')) note(content.slice(1, content.lastIndexOf('"')), element);
        }
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);

    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.font = `32px ${getComputedStyle(document.body).fontFamily}`;
    context.textBaseline = 'middle';
    const pixels = (char: string) => {
      context.clearRect(0, 0, 48, 48);
      context.fillText(char, 4, 24);
      return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
    };
    const missing = pixels('\u0378');
    return [...chars].map(([char, where]) => {
      const code = char.codePointAt(0)!;
      const block = blocks.find(([from, to]) => code >= from && code <= to)?.[2] ?? null;
      return { char, code: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, where, block, tofu: pixels(char) === missing };
    });
  }, SYMBOL_BLOCKS);
  return found
    .filter(({ block, tofu }) => block !== null || tofu)
    .map(({ char, code, where, block, tofu }) => ({
      screen,
      kind: 'glyph' as const,
      id: `${code} "${char}"`,
      summary: tofu ? 'no installed font has this glyph: it shows as an empty box' : `a symbol from ${block}: draw it with an icon from icons.tsx`,
      targets: [where],
    }));
}

/** The findings as one readable list: screen, rule or character, what is wrong, where. */
export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.screen}] ${f.kind} ${f.id}: ${f.summary}\n    at ${f.targets.join(', ')}`).join('\n');
}
