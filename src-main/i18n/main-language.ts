import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import sharedEn from '../../src-shared/domain/messages/en.json' with { type: 'json' };
import sharedFr from '../../src-shared/domain/messages/fr.json' with { type: 'json' };
import type { FormatMessage } from '../../src-shared/domain/review-alerts.js';
import mainEn from './messages/en.json' with { type: 'json' };
import mainFr from './messages/fr.json' with { type: 'json' };

// The main process's own words (desktop notifications, dialogs) in the console's language: the one the
// renderer chose in Settings (it tells main over `ops:i18n.setLanguage`), else the operating system's.

export const MAIN_LANGUAGES = ['en', 'fr'] as const;
export type MainLanguage = (typeof MAIN_LANGUAGES)[number];

const CATALOGS: Record<MainLanguage, Record<string, string>> = {
  en: { ...sharedEn, ...mainEn },
  fr: { ...sharedFr, ...mainFr },
};

/** French when the system's language is French, else English (`LANG=fr_FR.UTF-8`, `fr-CA`, …). */
export function systemLanguage(tags: readonly (string | undefined)[]): MainLanguage {
  const first = tags.find((tag) => tag !== undefined && tag !== '' && tag !== 'C' && tag !== 'POSIX');
  return first?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The system's language as Node sees it: the locale variables, then ICU's default. */
export function nodeSystemLanguage(env: NodeJS.ProcessEnv = process.env): MainLanguage {
  return systemLanguage([env['LC_ALL'], env['LC_MESSAGES'], env['LANG'], Intl.DateTimeFormat().resolvedOptions().locale]);
}

const cache = createIntlCache();
const intls = new Map<MainLanguage, IntlShape>();

/** The formatter of a language (built once, kept); a message missing from a catalog is an error, not the id on screen. */
export function mainIntl(language: MainLanguage): IntlShape {
  let intl = intls.get(language);
  if (!intl) {
    intl = createIntl({
      locale: language,
      defaultLocale: 'en',
      messages: CATALOGS[language],
      onError: (error) => {
        throw error;
      },
    }, cache);
    intls.set(language, intl);
  }
  return intl;
}

/** The language main speaks in, switched live when the renderer's choice changes. */
export class MainLanguageSetting {
  constructor(private language: MainLanguage = nodeSystemLanguage()) {}

  get current(): MainLanguage {
    return this.language;
  }

  /** The renderer's choice (`system`: the OS's language, as Node reads it). */
  chosen(choice: MainLanguage | 'system'): void {
    this.language = choice === 'system' ? nodeSystemLanguage() : choice;
  }

  /** A message of the main or shared catalogs in the current language. */
  readonly format: FormatMessage = (id, values) => mainIntl(this.language).formatMessage({ id }, values);
}
