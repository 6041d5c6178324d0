import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Catalog } from './catalogs.js';

/** Marks that open and close every pseudo-localized message: text without them did not come from a catalog. */
export const PSEUDO_OPEN = '[';
export const PSEUDO_CLOSE = ' ~]';

const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** Text with every ASCII letter accented and about a third longer (vowels doubled), as translations often are. */
export function pseudoText(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => {
    const accented = ACCENTED[letter] ?? letter;
    return 'aeiouAEIOU'.includes(letter) ? accented + accented : accented;
  });
}

function pseudoElements(elements: readonly MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: pseudoText(element.value) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, { ...option, value: pseudoElements(option.value) }])),
        };
      case TYPE.tag:
        return { ...element, children: pseudoElements(element.children) };
      default:
        return element;
    }
  });
}

/**
 * The pseudo-locale: each English message parsed, its literal text accented and lengthened, and wrapped
 * in "[" … " ~]" (placeholders, plurals and tags kept), e.g. "Review queue" → "[Ŕéévííéŵ ǫúúéúúéé ~]".
 * Messages are handed to react-intl as parsed ASTs.
 */
export function pseudoCatalog(english: Catalog): Record<string, MessageFormatElement[]> {
  const open: MessageFormatElement = { type: TYPE.literal, value: PSEUDO_OPEN };
  const close: MessageFormatElement = { type: TYPE.literal, value: PSEUDO_CLOSE };
  return Object.fromEntries(Object.entries(english).map(([id, message]) => [id, [open, ...pseudoElements(parse(message)), close]]));
}
