/// <reference types="vite/client" />
import type { Locale } from './locale-store.js';

/** One language's messages: id → ICU MessageFormat text. */
export type Catalog = Readonly<Record<string, string>>;
export type CatalogLanguage = Exclude<Locale, 'pseudo'>;
export const CATALOG_LANGUAGES: readonly CatalogLanguage[] = ['en', 'fr'];

// Every `messages/{en,fr}.json` under the renderer, found at build time (Vite and vitest expand the glob):
// a feature adds its catalog by adding the files, nothing here changes. src-shared's catalogs hold the
// words the main process says too (desktop alerts), so both say the same.
const FILES = import.meta.glob<Catalog>(['../../**/messages/{en,fr}.json', '../../../src-shared/**/messages/{en,fr}.json'], {
  eager: true,
  import: 'default',
});

/**
 * Merges catalog files into one catalog per language; an id defined by two files is an error naming
 * both (ids are `<feature>.<thing>`, so two features never share one).
 */
export function mergeCatalogs(files: Readonly<Record<string, Catalog>>): Record<CatalogLanguage, Catalog> {
  const merged: Record<CatalogLanguage, Record<string, string>> = { en: {}, fr: {} };
  const origin = new Map<string, string>();
  for (const [path, catalog] of Object.entries(files)) {
    const language = /\/messages\/(en|fr)\.json$/.exec(path)?.[1] as CatalogLanguage | undefined;
    if (!language) throw new Error(`catalog file ${path} is not named messages/en.json or messages/fr.json`);
    for (const [id, message] of Object.entries(catalog)) {
      const key = `${language}:${id}`;
      const first = origin.get(key);
      if (first) throw new Error(`message id "${id}" is defined in both ${first} and ${path}`);
      origin.set(key, path);
      merged[language][id] = message;
    }
  }
  return merged;
}

/** The console's catalogs, by language. */
export const CATALOGS: Record<CatalogLanguage, Catalog> = mergeCatalogs(FILES);
