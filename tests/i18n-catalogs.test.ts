import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';

/*
 * The message catalogs (`messages/en.json` and `messages/fr.json` beside the code that uses them) against
 * each other and against the sources: both languages have the same ids, every message parses as ICU
 * MessageFormat, the French one takes the same arguments as the English one, every id the code names exists,
 * and every id is used. An id is used when the sources name it as a string, or build it from a named prefix
 * (`logs.column.${id}`): the prefix must then match ids of the catalog.
 */
const repo = fileURLToPath(new URL('../', import.meta.url));

/** Each process with catalogs: where its catalogs and sources are. */
const PROCESSES = [
  { name: 'renderer', root: join(repo, 'src-renderer') },
  { name: 'main process', root: join(repo, 'src-main') },
];

interface CatalogFile {
  path: string;
  language: 'en' | 'fr';
  messages: Record<string, string>;
}

function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((file) => join(root, file));
}

function catalogsOf(root: string): CatalogFile[] {
  return filesUnder(root).flatMap((path) => {
    const language = /[\\/]messages[\\/](en|fr)\.json$/.exec(path)?.[1] as 'en' | 'fr' | undefined;
    return language ? [{ path: relative(repo, path), language, messages: JSON.parse(readFileSync(path, 'utf8')) as Record<string, string> }] : [];
  });
}

/** The source without its comments (a comment may quote an id as an example). */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

function sourcesOf(root: string): { path: string; text: string }[] {
  return filesUnder(root)
    .filter((path) => /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path))
    .map((path) => ({ path: relative(repo, path), text: withoutComments(readFileSync(path, 'utf8')) }));
}

const ID = String.raw`[a-zA-Z][\w-]*(?:\.[\w-]+)+`;
/** Every quoted string shaped like a message id. */
const QUOTED_ID = new RegExp(String.raw`(['"\x60])(${ID})\1`, 'g');
/** Every template literal that builds an id from a prefix: `logs.column.${…}`. */
const ID_PREFIX = new RegExp(String.raw`\x60(${ID}\.|[a-zA-Z][\w-]*\.)\$\{`, 'g');
/** Every id handed to react-intl or @formatjs/intl by name: `id: 'x.y'`, `id="x.y"`. */
const NAMED_ID = new RegExp(String.raw`\bid(?::\s*|=)(['"\x60])(${ID})\1`, 'g');

/** What an argument is used as: a number (number, plural), a date (date, time), a choice (select), a tag, or any value. */
type ArgumentKind = 'number' | 'date' | 'choice' | 'tag' | 'any';
const KIND: Partial<Record<TYPE, ArgumentKind>> = {
  [TYPE.argument]: 'any',
  [TYPE.number]: 'number',
  [TYPE.plural]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'date',
  [TYPE.select]: 'choice',
  [TYPE.tag]: 'tag',
};

/** The arguments a message takes, by name, with what each is used as (the most specific use). */
function argumentsOf(elements: readonly MessageFormatElement[], found = new Map<string, ArgumentKind>()): Map<string, ArgumentKind> {
  for (const element of elements) {
    const kind = KIND[element.type];
    if (kind && 'value' in element && typeof element.value === 'string') {
      const before = found.get(element.value);
      if (!before || before === 'any') found.set(element.value, kind);
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

/** Why two messages cannot take the same values: an argument only one takes, or one used as two kinds of value. */
function argumentMismatch(english: Map<string, ArgumentKind>, french: Map<string, ArgumentKind>): string | null {
  const names = new Set([...english.keys(), ...french.keys()]);
  for (const name of names) {
    const [en, fr] = [english.get(name), french.get(name)];
    if (!en || !fr) return `{${name}} is only in the ${en ? 'English' : 'French'} message`;
    if (en !== fr && en !== 'any' && fr !== 'any') return `{${name}} is a ${en} in English and a ${fr} in French`;
  }
  return null;
}

for (const process of PROCESSES) {
  describe(`the ${process.name}'s message catalogs`, () => {
    const catalogs = catalogsOf(process.root);
    const sources = sourcesOf(process.root);
    const merged = { en: new Map<string, string>(), fr: new Map<string, string>() };
    const duplicates: string[] = [];
    for (const catalog of catalogs) {
      for (const [id, message] of Object.entries(catalog.messages)) {
        if (merged[catalog.language].has(id)) duplicates.push(`${id} (again in ${catalog.path})`);
        merged[catalog.language].set(id, message);
      }
    }

    it('are found, in pairs, each id defined once', () => {
      expect(catalogs.length).toBeGreaterThan(0);
      const paths = new Set(catalogs.map((catalog) => catalog.path));
      const unpaired = [...paths].filter((path) => !paths.has(path.replace(/(en|fr)\.json$/, (language) => (language === 'en.json' ? 'fr.json' : 'en.json'))));
      expect(unpaired, 'catalog files without their other language').toEqual([]);
      expect(duplicates, 'ids defined by two catalog files').toEqual([]);
    });

    it('have the same ids in French and in English', () => {
      const missingInFrench = [...merged.en.keys()].filter((id) => !merged.fr.has(id));
      const missingInEnglish = [...merged.fr.keys()].filter((id) => !merged.en.has(id));
      expect(missingInFrench, 'ids with no French message').toEqual([]);
      expect(missingInEnglish, 'ids with no English message').toEqual([]);
    });

    it('parse as ICU MessageFormat, and the French message takes the arguments of the English one', () => {
      const problems: string[] = [];
      const parsed = (language: 'en' | 'fr', id: string, message: string) => {
        try {
          return parse(message);
        } catch (error) {
          problems.push(`${language} ${id}: ${(error as Error).message}`);
          return null;
        }
      };
      for (const [id, english] of merged.en) {
        const en = parsed('en', id, english);
        const frMessage = merged.fr.get(id);
        const fr = frMessage === undefined ? null : parsed('fr', id, frMessage);
        if (!en || !fr) continue;
        const mismatch = argumentMismatch(argumentsOf(en), argumentsOf(fr));
        if (mismatch) problems.push(`${id}: ${mismatch}`);
      }
      expect(problems).toEqual([]);
    });

    it('define every id the code names', () => {
      const missing = sources.flatMap(({ path, text }) =>
        [...text.matchAll(NAMED_ID)].flatMap((match) => (merged.en.has(match[2]!) ? [] : [`${match[2]} (${path})`])),
      );
      const deadPrefixes = sources.flatMap(({ path, text }) =>
        [...text.matchAll(ID_PREFIX)].flatMap((match) => {
          const prefix = match[1]!;
          const known = [...merged.en.keys()].some((id) => id.startsWith(prefix));
          // A prefix of another kind (a channel `ops:…`, a CSS class) is not an id unless a catalog has such ids.
          const looksLikeCatalogId = [...merged.en.keys()].some((id) => id.split('.')[0] === prefix.split('.')[0]);
          return !known && looksLikeCatalogId ? [`${prefix}… (${path})`] : [];
        }),
      );
      expect(missing, 'ids named in the sources but in no catalog').toEqual([]);
      expect(deadPrefixes, 'id prefixes built in the sources that match no id').toEqual([]);
    });

    it('hold no id the code does not use', () => {
      const named = new Set<string>();
      const prefixes = new Set<string>();
      for (const { text } of sources) {
        for (const match of text.matchAll(QUOTED_ID)) named.add(match[2]!);
        for (const match of text.matchAll(ID_PREFIX)) prefixes.add(match[1]!);
      }
      const unused = [...merged.en.keys()].filter((id) => !named.has(id) && ![...prefixes].some((prefix) => id.startsWith(prefix)));
      expect(unused, 'ids no source names (remove them, or name them where they are used)').toEqual([]);
    });
  });
}
