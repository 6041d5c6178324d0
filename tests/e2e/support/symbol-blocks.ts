/**
 * Symbol blocks whose characters the console draws as SVG icons (src-renderer/shared/components/icons.tsx):
 * a system without a font for them shows an empty box. Ordinary text (accents, "·", "…", "—", "≥", "×",
 * "−", quotes) is outside them.
 */
export const SYMBOL_BLOCKS: ReadonlyArray<readonly [number, number, string]> = [
  [0x2190, 0x21ff, 'Arrows'],
  [0x2300, 0x23ff, 'Miscellaneous Technical'],
  [0x2500, 0x25ff, 'Box Drawing and Geometric Shapes'],
  [0x2600, 0x27bf, 'Miscellaneous Symbols and Dingbats'],
  [0x27f0, 0x2bff, 'Supplemental Arrows and Mathematical Symbols-B'],
  [0xe000, 0xf8ff, 'Private Use Area'],
  [0xfffd, 0xfffd, 'Replacement Character'],
  [0x1f000, 0x1faff, 'Emoji and pictographs'],
];

/** The symbol block a character falls in, or null for ordinary text. */
export function symbolBlockOf(char: string): string | null {
  const code = char.codePointAt(0)!;
  return SYMBOL_BLOCKS.find(([from, to]) => code >= from && code <= to)?.[2] ?? null;
}
