import type { ReactNode } from 'react';
import { I18nProvider } from './I18nProvider.js';
import type { Locale } from './locale-store.js';

/** A `wrapper` for component tests: the tree rendered with one language's catalog, whatever the system's is. */
export function inLocale(locale: Locale) {
  return function LocaleWrapper({ children }: { children: ReactNode }) {
    return <I18nProvider locale={locale}>{children}</I18nProvider>;
  };
}
