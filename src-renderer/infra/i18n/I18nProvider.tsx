import { useEffect, useLayoutEffect, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { intlConfig, LOCALE_TAGS } from './intl.js';
import { useLocale, watchSystemLanguage, type Locale } from './locale-store.js';

/**
 * Gives the tree the messages of the language in force (the user's choice in Settings, else the
 * system's), switching live; `locale` fixes the language (component tests). Sets `<html lang>`.
 */
export function I18nProvider({ children, locale }: { children: ReactNode; locale?: Locale }) {
  const chosen = useLocale();
  const active = locale ?? chosen;
  useEffect(() => (locale ? undefined : watchSystemLanguage()), [locale]);
  useLayoutEffect(() => {
    document.documentElement.lang = active === 'pseudo' ? 'en' : LOCALE_TAGS[active];
  }, [active]);
  // No remount on a switch: the new context re-renders the components that read it, and state (an open
  // form, the scroll of the table) stays.
  return <IntlProvider {...intlConfig(active)}>{children}</IntlProvider>;
}
