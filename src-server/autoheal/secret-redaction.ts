import { RE2JS } from 're2js';
import { MAX_EXCERPT_LINE_LENGTH, type CodeExcerpt } from '../../src-shared/schemas/preview.js';

/**
 * Removes secrets from code a plugin reports (the excerpt of a `plugin.error`, the analyser's
 * proposal context) before it is stored, logged or shown: API keys (`sk_live_…`, `mk_test_…`,
 * `whsec_…`), bearer tokens and JWTs, values assigned to names that say password, secret, API key
 * or token (PHP and JavaScript, quoted or `NAME=value`), and private key blocks, also across lines.
 *
 * Every pattern runs under RE2 (linear time, whatever the text) and passes the star-height check
 * rule patterns pass (`pattern-safety.ts`), so a hostile excerpt cannot make redaction slow.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';
/** What the lines of a private key block are replaced with. */
export const REDACTED_KEY = '[REDACTED PRIVATE KEY]';

const SECRET_NAME = '(?:password|passwd|pwd|secret|api_?key|apikey|auth_?key|access_?key|token|credential|private_?key)';

/** A pattern, its flags, and its replacement (`$1` … are the pattern's groups). */
interface RedactionPattern {
  name: string;
  pattern: string;
  replacement: string;
  caseInsensitive?: boolean;
  /** `.` also matches a line break (a key block inside one string). */
  dotAll?: boolean;
}

/** The patterns in the order they run. */
export const REDACTION_PATTERNS: readonly RedactionPattern[] = [
  { name: 'private key block', pattern: '-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY-----.*?-----END [A-Z0-9 ]{0,20}PRIVATE KEY-----', replacement: REDACTED_KEY, dotAll: true },
  { name: 'API key', pattern: '(sk|rk|mk)_(live|test)_[A-Za-z0-9_]+', replacement: `$1_$2_${REDACTED}` },
  { name: 'webhook secret', pattern: 'whsec_[A-Za-z0-9_]+', replacement: `whsec_${REDACTED}` },
  { name: 'bearer token', pattern: '(bearer)\\s+[A-Za-z0-9._~+/=-]+', replacement: `$1 ${REDACTED}`, caseInsensitive: true },
  { name: 'JWT', pattern: 'eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*', replacement: REDACTED },
  // `$password = '…'`, `'api_key' => "…"`, `apiKey: \`…\``, `define('DB_PASSWORD', '…')`.
  ...(["'", '"', '`'] as const).map((quote) => ({
    name: `${quote}-quoted secret assignment`,
    pattern: `(${SECRET_NAME}[A-Za-z0-9_]*['"]?\\s*(?:=>|:=|=|:|,)\\s*${quote})[^${quote}\\n]*${quote}`,
    replacement: `$1${REDACTED}${quote}`,
    caseInsensitive: true,
  })),
  // `DB_PASSWORD=hunter2`, `?token=abc` (environment files, URLs).
  { name: 'unquoted secret assignment', pattern: `(${SECRET_NAME}[A-Za-z0-9_]*=)[^\\s&'"\`;,)\\[]+`, replacement: `$1${REDACTED}`, caseInsensitive: true },
];

const COMPILED = REDACTION_PATTERNS.map((p) => ({
  regex: RE2JS.compile(p.pattern, (p.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0) | (p.dotAll ? RE2JS.DOTALL : 0)),
  replacement: p.replacement,
}));
const KEY_BLOCK = COMPILED[0]!.regex;
const KEY_BEGIN = RE2JS.compile('-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY-----');
const KEY_END = RE2JS.compile('-----END [A-Z0-9 ]{0,20}PRIVATE KEY-----');
const KEY_OPENED = RE2JS.compile('-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY-----.*$', RE2JS.DOTALL);
const KEY_CLOSED = RE2JS.compile('^.*?-----END [A-Z0-9 ]{0,20}PRIVATE KEY-----', RE2JS.DOTALL);

/** The text with every secret the patterns know replaced. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const { regex, replacement } of COMPILED) result = regex.matcher(result).replaceAll(replacement);
  // A key block with no end in this text: the rest of it is the key.
  return KEY_OPENED.matcher(result).replaceAll(REDACTED_KEY);
}

/** Cuts a line to the excerpt's limit, saying so with "…", without splitting a surrogate pair. */
function fitLine(line: string): string {
  if (line.length <= MAX_EXCERPT_LINE_LENGTH) return line;
  let end = MAX_EXCERPT_LINE_LENGTH - 1;
  const last = line.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${line.slice(0, end)}…`;
}

/**
 * The excerpt with its lines redacted. A private key block that spans lines is redacted from its
 * BEGIN line to its END line (to the end of the excerpt when it has none). Lines that redaction
 * made longer than the limit are cut.
 */
export function redactExcerpt<T extends CodeExcerpt>(excerpt: T): T {
  let insideKey = false;
  const lines = excerpt.lines.map((line) => {
    let text = line;
    if (insideKey) {
      if (!KEY_END.matcher(text).find()) return REDACTED_KEY;
      text = KEY_CLOSED.matcher(text).replaceFirst(REDACTED_KEY);
    }
    // Once the complete blocks are gone, a BEGIN left opens a block the next lines continue.
    insideKey = KEY_BEGIN.matcher(KEY_BLOCK.matcher(text).replaceAll(REDACTED_KEY)).find();
    const redacted = redactSecrets(text);
    return fitLine(redacted);
  });
  return { ...excerpt, lines };
}

/** Deepest nesting `redactReport` walks (request bodies are bounded far below this by the parser). */
const MAX_REPORT_DEPTH = 64;

/**
 * A plugin's error report with the secrets of every text it carries redacted: the message, the stack,
 * any field the plugin chose to send. Its `excerpt`, when it is a list of lines, is redacted line by
 * line like any excerpt (a key block may span lines). Keys are kept; numbers and booleans are left.
 */
export function redactReport(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth >= MAX_REPORT_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactReport(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Defined, not assigned: a `__proto__` key stays plain data.
    Object.defineProperty(result, key, { value: redactReport(item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
