import fc from 'fast-check';
import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { MAX_EXCERPT_LINE_LENGTH } from '../../src-shared/schemas/preview.js';
import { REDACTED_KEY, REDACTION_PATTERNS, redactExcerpt, redactReport, redactSecrets } from './secret-redaction.js';

/** Secret shapes a redacted text must never hold (the placeholder itself starts with "["). */
const SECRET_SHAPES = [
  /(sk|rk|mk)_(live|test)_[A-Za-z0-9]/,
  /whsec_[A-Za-z0-9]/,
  /bearer\s+[A-Za-z0-9._~+/=-]/i,
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\./,
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
];
const leftShape = (text: string) => SECRET_SHAPES.find((shape) => shape.test(text));

const excerptOf = (lines: string[]) => ({ file: 'includes/class-molam-gateway.php', start_line: 10, failing_line: 10, lines });

describe('secret redaction', () => {
  it('redacts API keys, webhook secrets, bearer tokens and JWTs, keeping what kind they were', () => {
    expect(redactSecrets("$client = new Molam( 'sk_live_51HxYz9AbC' );")).toBe("$client = new Molam( 'sk_live_[REDACTED]' );");
    expect(redactSecrets('key: mk_test_demo_primary_key')).toBe('key: mk_test_[REDACTED]');
    expect(redactSecrets("const hook = 'whsec_8f2Kd0';")).toBe("const hook = 'whsec_[REDACTED]';");
    expect(redactSecrets("headers: { Authorization: 'Bearer abc.DEF-123_x' }")).toBe("headers: { Authorization: 'Bearer [REDACTED]' }");
    expect(redactSecrets('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sgnTR3')).toBe('jwt [REDACTED]');
  });

  it('redacts values assigned to password, secret, API key and token names in PHP and JavaScript', () => {
    const cases: Array<[string, string]> = [
      ["define( 'DB_PASSWORD', 'hunter2' );", "define( 'DB_PASSWORD', '[REDACTED]' );"],
      ['$this->api_key = "abc\'def";', '$this->api_key = "[REDACTED]";'],
      ["'client_secret' => 'cs_9f8e7d',", "'client_secret' => '[REDACTED]',"],
      ['const apiKey = `k-${env}`;', 'const apiKey = `[REDACTED]`;'],
      ["  accessToken: 'tok_123',", "  accessToken: '[REDACTED]',"],
      ['MOLAM_SECRET=s3cr3t', 'MOLAM_SECRET=[REDACTED]'],
      ['https://api.molam.com/v1?token=abc123&page=2', 'https://api.molam.com/v1?token=[REDACTED]&page=2'],
    ];
    for (const [line, redacted] of cases) expect(redactSecrets(line)).toBe(redacted);
  });

  it('leaves ordinary code alone', () => {
    const lines = ['$order = wc_get_order( $order_id );', "if ( 'XOF' !== $currency ) {", 'return tokens.map((t) => t.id);', '$task_list = [];'];
    for (const line of lines) expect(redactSecrets(line)).toBe(line);
  });

  it('redacts a private key block across the lines of an excerpt, to the end of the excerpt when it has no end', () => {
    const closed = redactExcerpt(excerptOf(['$pem = "-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA', '-----END RSA PRIVATE KEY-----";', '$x = 1;']));
    expect(closed.lines).toEqual([`$pem = "${REDACTED_KEY}`, REDACTED_KEY, `${REDACTED_KEY}";`, '$x = 1;']);
    const open = redactExcerpt(excerptOf(['x', '-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkq', 'Zm9vYmFy']));
    expect(open.lines).toEqual(['x', REDACTED_KEY, REDACTED_KEY, REDACTED_KEY]);
    expect(redactSecrets('k = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEE\\n-----END EC PRIVATE KEY-----"')).toBe(`k = "${REDACTED_KEY}"`);
  });

  it('cuts a line that redaction made longer than an excerpt line may be', () => {
    const line = `${'x'.repeat(MAX_EXCERPT_LINE_LENGTH - 12)} sk_live_ab`;
    const [redacted] = redactExcerpt(excerptOf([line])).lines;
    expect(redacted!.length).toBe(MAX_EXCERPT_LINE_LENGTH);
    expect(redacted!.endsWith('…')).toBe(true);
    expect(leftShape(redacted!)).toBeUndefined();
  });

  it('uses only patterns that run in linear time and cannot backtrack catastrophically', () => {
    for (const { name, pattern } of REDACTION_PATTERNS) expect(safeRegex(pattern), name).toBe(true);
    const hostile = `${'password'.repeat(2000)}${"='".repeat(2000)}${'-----BEGIN PRIVATE KEY-----'.repeat(200)}${'Bearer '.repeat(2000)}`;
    const started = performance.now();
    redactSecrets(hostile);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('never leaves a known secret shape, whatever text surrounds or splits the secrets', () => {
    const fragment = fc.oneof(
      fc.constantFrom('sk_', 'rk_', 'mk_', 'live_', 'test_', 'whsec_', 'Bearer', 'bearer', ' ', '\t', '\n', '_', '.', '=', "'", '"', 'eyJ', '[REDACTED]'),
      fc.constantFrom('-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----', 'token', 'password'),
      fc.stringMatching(/^[A-Za-z0-9]{1,6}$/),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const redacted = redactSecrets(text);
        expect(leftShape(redacted), redacted).toBeUndefined();
        expect(redactSecrets(redacted)).toBe(redacted);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a secret assigned in PHP or JavaScript code through', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/_.-]{12,40}$/);
    const code = fc.stringMatching(/^[a-z0-9 ();{}$>-]{0,30}$/);
    const assignment = fc.constantFrom(
      (s: string) => `$password = '${s}';`,
      (s: string) => `define( 'MOLAM_API_KEY', "${s}" );`,
      (s: string) => `'webhook_secret' => '${s}',`,
      (s: string) => `const authToken = \`${s}\`;`,
      (s: string) => `fetch(url, { headers: { Authorization: 'Bearer ${s}' } });`,
      (s: string) => `MOLAM_TOKEN=${s}`,
    );
    fc.assert(
      fc.property(code, assignment, secret, code, (before, assign, value, after) => {
        const lines = redactExcerpt(excerptOf([before, `${before}${assign(value)}${after}`, after])).lines;
        expect(lines.join('\n')).not.toContain(value);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(code, fc.constantFrom('sk', 'rk', 'mk'), fc.constantFrom('live', 'test'), fc.stringMatching(/^[A-Za-z0-9_]{8,40}$/), (around, prefix, mode, key) => {
        const [line] = redactExcerpt(excerptOf([`${around}'${prefix}_${mode}_${key}'${around}`])).lines;
        expect(line).not.toContain(key);
      }),
      { numRuns: 500 },
    );
  });

  it('redacts every text of a report, at any depth, and leaves its keys, numbers and booleans', () => {
    const report = JSON.parse(
      '{"message":"key sk_live_abcDEF123 refused","__proto__":{"token":"x"},"trace":[{"line":4,"code":"$pwd = \'hunter2\';"}],"ok":false}',
    ) as Record<string, unknown>;
    const redacted = redactReport(report) as Record<string, unknown>;
    expect(redacted.message).toBe('key sk_live_[REDACTED] refused');
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(redacted.trace).toEqual([{ line: 4, code: "$pwd = '[REDACTED]';" }]);
    expect(redacted.ok).toBe(false);
  });

  it('never leaves a known secret shape in a report, wherever the secret sits', () => {
    const secret = fc.constantFrom('sk_live_a1B2c3D4', 'whsec_Zz9', 'Bearer q.w-e', 'eyJa.eyJb.c');
    fc.assert(
      fc.property(fc.string(), secret, fc.string(), fc.integer({ min: 0, max: 3 }), (before, key, after, depth) => {
        let value: unknown = `${before} ${key} ${after}`;
        for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { field: value } : [value];
        const text = JSON.stringify(redactReport(value));
        expect(leftShape(text)).toBeUndefined();
      }),
    );
  });
});
