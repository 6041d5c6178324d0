import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGS } from './catalogs.js';
import { currentLocale, type Locale } from './locale-store.js';
import { pseudoCatalog } from './pseudo.js';

/** The BCP 47 tag each locale formats with (`en-XA` is the conventional pseudo-locale). */
export const LOCALE_TAGS: Record<Locale, string> = { en: 'en', fr: 'fr', pseudo: 'en-XA' };

let pseudo: Record<string, MessageFormatElement[]> | undefined;

/** The messages of a locale, as react-intl takes them. */
export function messagesFor(locale: Locale): Record<string, string> | Record<string, MessageFormatElement[]> {
  if (locale !== 'pseudo') return CATALOGS[locale];
  pseudo ??= pseudoCatalog(CATALOGS.en);
  return pseudo;
}

function reportIntlError(error: Error): void {
  // A missing message or a bad placeholder shows the id on screen; the console says which.
  console.error(`[i18n] ${error.message}`);
}

/** The props of `IntlProvider` (and `createIntl`) for a locale. */
export function intlConfig(locale: Locale) {
  return { locale: LOCALE_TAGS[locale], defaultLocale: 'en', messages: messagesFor(locale), onError: reportIntlError };
}

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

/** The formatter of a locale outside React (one per locale, kept). */
export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(intlConfig(locale), cache);
    intls.set(locale, intl);
  }
  return intl;
}

/** The formatter of the locale in force, for code outside React (notices raised by mutations). */
export const currentIntl = (): IntlShape => intlFor(currentLocale());
