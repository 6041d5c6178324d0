import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/errors.js';
import { patchContentFrom } from './patch-content.js';

const body = (match: Record<string, unknown>) => ({
  error_signature: '429',
  description: 'back off',
  severity: 'medium' as const,
  match: { sdk_language: 'node' as const, ...match },
  actions: [{ type: 'respect_retry_after' as const }],
});

describe('patchContentFrom', () => {
  it('answers 400 naming the field when cleaning empties a message pattern (it used to throw a ZodError: a 500)', () => {
    let thrown: unknown;
    try {
      patchContentFrom(body({ message_pattern: '\u0000\u0000' }), 'node');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).statusCode).toBe(400);
    expect((thrown as HttpError).extra.field).toBe('body.match.message_pattern');
  });

  it('answers 400 naming the field for a pattern RE2 refuses or one that could backtrack, and for a bad version range', () => {
    for (const [match, field] of [
      [{ message_pattern: 'a{2,1}' }, 'body.match.message_pattern'],
      [{ message_pattern: '(a+)+$' }, 'body.match.message_pattern'],
      [{ sdk_version_range: 'not a range' }, 'body.match.sdk_version_range'],
    ] as const) {
      expect(() => patchContentFrom(body(match), 'node')).toThrow(expect.objectContaining({ statusCode: 400, extra: { field } }));
    }
  });
});
