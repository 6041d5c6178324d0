import { createIntl } from '@formatjs/intl';
import { describe, expect, it } from 'vitest';
import { bulkNotice, decisionNotice } from '../decision-notice.js';
import { CATALOGS, mergeCatalogs } from './catalogs.js';
import { intlConfig } from './intl.js';
import { createLanguageStore, languageStore, resolveLocale, systemLocale, type LanguageEnvironment } from './locale-store.js';
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoCatalog, pseudoText } from './pseudo.js';

function environment(languages: string[], stored: string | null = null) {
  const saved = new Map<string, string>(stored === null ? [] : [['molam.language', stored]]);
  const listeners = new Set<() => void>();
  const env: LanguageEnvironment = {
    storage: { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) },
    systemLanguages: () => languages,
    onSystemChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { env, saved, changeSystem: (next: string[]) => (languages.splice(0, languages.length, ...next), listeners.forEach((l) => l())) };
}

describe('the language', () => {
  it('follows the system: French for any fr* first language, English otherwise', () => {
    expect(systemLocale(['fr-SN', 'en'])).toBe('fr');
    expect(systemLocale(['FR'])).toBe('fr');
    expect(systemLocale(['en-US', 'fr'])).toBe('en');
    expect(systemLocale(['wo-SN'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('is the user’s choice when there is one, remembered, and follows a system change otherwise', () => {
    const { env, saved, changeSystem } = environment(['en-US']);
    const store = createLanguageStore(env);
    const stop = store.watchSystem();
    expect(resolveLocale(store.getState())).toBe('en');
    changeSystem(['fr-FR']);
    expect(resolveLocale(store.getState())).toBe('fr');
    store.getState().languageChosen('en');
    expect(resolveLocale(store.getState())).toBe('en');
    expect(saved.get('molam.language')).toBe('en');
    stop();
    expect(resolveLocale(createLanguageStore(environment(['fr'], 'en').env).getState())).toBe('en');
  });

  it('ignores a stored value that is not a choice', () => {
    expect(createLanguageStore(environment(['fr'], 'de').env).getState().choice).toBe('system');
  });
});

describe('the catalogs', () => {
  it('are merged from every feature’s files, in both languages', () => {
    expect(CATALOGS.en['theme.legend']).toBe('Theme');
    expect(CATALOGS.fr['theme.legend']).toBe('Thème');
    expect(Object.keys(CATALOGS.fr).length).toBe(Object.keys(CATALOGS.en).length);
  });

  it('refuse an id defined by two files, naming both', () => {
    expect(() => mergeCatalogs({ '/a/messages/en.json': { 'a.b': 'x' }, '/c/messages/en.json': { 'a.b': 'y' } })).toThrow(
      'message id "a.b" is defined in both /a/messages/en.json and /c/messages/en.json',
    );
  });

  it('format plurals and selects in each language', () => {
    const en = createIntl(intlConfig('en'));
    const fr = createIntl(intlConfig('fr'));
    expect(en.formatMessage({ id: 'notice.logCount' }, { count: 1 })).toBe('1 log');
    expect(en.formatMessage({ id: 'notice.logCount' }, { count: 3 })).toBe('3 logs');
    expect(fr.formatMessage({ id: 'notice.logCount' }, { count: 1 })).toBe('1 journal');
    expect(fr.formatMessage({ id: 'notice.logCount' }, { count: 1500 })).toBe('1\u202f500 journaux');
  });
});

describe('the pseudo-locale', () => {
  it('accents and lengthens text', () => {
    expect(pseudoText('Review queue')).toBe('Ŕééṽííééŵ ǫúúééúúéé');
  });

  it('brackets every English message and keeps its placeholders and plurals working', () => {
    const pseudo = createIntl({ ...intlConfig('pseudo'), onError: (error) => { throw error; } });
    const text = pseudo.formatMessage({ id: 'notice.logCount' }, { count: 2 });
    expect(text.startsWith(PSEUDO_OPEN) && text.endsWith(PSEUDO_CLOSE)).toBe(true);
    expect(text).toBe(`${PSEUDO_OPEN}2 ĺööĝš${PSEUDO_CLOSE}`);
    expect(pseudo.formatMessage({ id: 'logs.reject.title' }, { plugin: 'woo-shop-7', issue: 'x' })).toContain('woo-shop-7');
  });

  it('has every English id', () => {
    expect(Object.keys(pseudoCatalog(CATALOGS.en)).sort()).toEqual(Object.keys(CATALOGS.en).sort());
  });
});

describe('the notices raised outside React', () => {
  const log = { kind: 'log', id: '92c8468b-0000-4000-8000-000000000001', pluginId: 'woo-shop-7' } as const;

  it('are worded in the language chosen at the moment they are raised', () => {
    try {
      languageStore.getState().languageChosen('fr');
      expect(decisionNotice('approve', log, { status: 'sent' }).text).toBe('Approbation – journal 92c8468b (woo-shop-7) : envoi effectué.');
      expect(decisionNotice('rollback', log, { status: 'queued', reason: 'unreachable', detail: '' }).text).toBe(
        'Annulation de la correction – journal 92c8468b (woo-shop-7) : en attente d’envoi : le backend est injoignable, l’envoi se fera à son retour.',
      );
      const items = [1, 2].map((n) => ({ queued: false as const, logId: `0000000${n}-0000-4000-8000-000000000000`, error: 'refusé' }));
      expect(bulkNotice('approve', items, new Map()).text).toBe(
        'Approbation groupée de 2 journaux : 0 envoyé, 2 en échec : journal 00000001 : refusé; journal 00000002 : refusé.',
      );
      languageStore.getState().languageChosen('en');
      expect(decisionNotice('approve', log, { status: 'sent' }).text).toBe('Approval of log 92c8468b (woo-shop-7) sent.');
    } finally {
      languageStore.getState().languageChosen('system');
    }
  });
});
