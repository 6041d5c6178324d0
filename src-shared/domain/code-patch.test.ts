import { describe, expect, it } from 'vitest';
import { MAX_EXCERPT_LINE_LENGTH, MAX_EXCERPT_LINES } from '../schemas/preview.js';
import fc from 'fast-check';
import { MAX_PATCHED_EXCERPT_CHARS, applyCodePatch, codeLanguageOf, codePatchFields, codePatchProblem } from './code-patch.js';

const lines = [
  '  $tokens = $order->get_payment_tokens();',
  '  if ( empty( $tokens ) ) {',
  '    return $order->get_payment_tokens();',
  '  }',
];

describe('code patches', () => {
  it('replaces every literal occurrence of the search text and counts them', () => {
    const result = applyCodePatch({ lines }, { search: '$order->get_payment_tokens()', replace: 'WC_Payment_Tokens::get_order_tokens( $order->get_id() )' });
    expect(result.replacements).toBe(2);
    expect(result.before).toEqual(lines);
    expect(result.after[0]).toBe('  $tokens = WC_Payment_Tokens::get_order_tokens( $order->get_id() );');
    expect(result.after[2]).toBe('    return WC_Payment_Tokens::get_order_tokens( $order->get_id() );');
    expect(result.after[1]).toBe(lines[1]);
    expect(result.cut).toBe(false);
  });

  it('treats the search text as plain text, never as a pattern', () => {
    const result = applyCodePatch({ lines: ['a.b', 'axb', '$1 (.*)'] }, { search: '(.*)', replace: '$&' });
    expect(result.replacements).toBe(1);
    expect(result.after).toEqual(['a.b', 'axb', '$1 $&']);
  });

  it('matches a search text that spans lines, and may change the number of lines', () => {
    const result = applyCodePatch({ lines }, { search: '  if ( empty( $tokens ) ) {\n', replace: '' });
    expect(result.replacements).toBe(1);
    expect(result.after).toHaveLength(lines.length - 1);
  });

  it('reports zero replacements and an unchanged excerpt when the text is not there', () => {
    const result = applyCodePatch({ lines }, { search: 'get_tokens()', replace: 'x' });
    expect(result).toEqual({ before: lines, after: lines, replacements: 0, cut: false });
  });

  it('cuts the patched side of a hostile patch instead of building a huge text', () => {
    const full = Array.from({ length: MAX_EXCERPT_LINES }, () => 'a'.repeat(MAX_EXCERPT_LINE_LENGTH));
    const result = applyCodePatch({ lines: full }, { search: 'a', replace: 'b'.repeat(2000) });
    expect(result.replacements).toBe(MAX_EXCERPT_LINES * MAX_EXCERPT_LINE_LENGTH);
    expect(result.cut).toBe(true);
    expect(result.after.join('\n').length).toBeLessThanOrEqual(MAX_PATCHED_EXCERPT_CHARS + 1);
    expect(result.after.at(-1)!.endsWith('…')).toBe(true);
  });

  it('reads file, search and replace from a proposed patch, or nothing when one is missing', () => {
    expect(codePatchFields({ type: 'code_patch', action: 'replace_in_file', file: 'a.php', search: 'x', replace: '' })).toEqual({
      file: 'a.php',
      search: 'x',
      replace: '',
    });
    expect(codePatchFields({ type: 'code_patch', action: 'replace_in_file', file: 'a.php', replace: 'y' })).toBeNull();
  });

  it('highlights PHP and JavaScript files by their extension, anything else as text', () => {
    expect(codeLanguageOf('includes/class-molam-gateway.php')).toBe('php');
    expect(codeLanguageOf('Model/Gateway.PHP')).toBe('php');
    for (const file of ['webhooks/orders.js', 'a.mjs', 'b.cjs', 'c.ts']) expect(codeLanguageOf(file)).toBe('javascript');
    for (const file of ['config.yml', 'Makefile', 'php', 'a.php.bak']) expect(codeLanguageOf(file)).toBe('text');
  });

  it('names the field a code patch lacks, or what is wrong with it', () => {
    expect(codePatchProblem({ type: 'code_patch', action: 'replace_in_file', file: 'a.php', search: 'x', replace: 'y' })).toBeNull();
    expect(codePatchProblem({ type: 'code_patch', action: 'replace_in_file', file: 'a.php', replace: 'y' })).toEqual({
      field: 'search',
      message: expect.stringContaining('needs "search"'),
    });
    expect(codePatchProblem({ type: 'code_patch', action: 'x', file: 'a.php', search: '', replace: 'y' })?.field).toBe('search');
  });

  it('gives the same lines as replacing every occurrence in the joined text, for any excerpt and patch', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', '$', '(', ')', ' ', 'é'), maxLength: 12 });
    // The search and replace texts may span lines.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '$', '(', ')', ' ', 'é', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), text.filter((s) => s.length > 0), text, (lines, search, replace) => {
        const result = applyCodePatch({ lines }, { search, replace });
        const joined = lines.join('\n');
        expect(result.after).toEqual(joined.replaceAll(search, () => replace).split('\n'));
        expect(result.replacements).toBe(joined.split(search).length - 1);
        expect(result.before).toEqual(lines);
      }),
      { numRuns: 1000 },
    );
  });
});
