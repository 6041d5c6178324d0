import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl } from '@formatjs/intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ERROR_CODES } from '../src-shared/ipc/console-errors.js';
import { API_ERROR_CODES } from '../src-shared/schemas/error-codes.js';
import { ApiErrorSchema } from '../src-shared/schemas/common.js';
import { apiErrorText, errorText } from '../src-renderer/infra/api-errors/api-error-text.js';
import { IpcCallError } from '../src-renderer/ipc/call.js';
import en from '../src-renderer/infra/api-errors/messages/en.json' with { type: 'json' };
import fr from '../src-renderer/infra/api-errors/messages/fr.json' with { type: 'json' };
import { startTestServer, type TestServer } from '../src-server/testing/harness.js';

const ROOT = join(import.meta.dirname, '..');

// Where a code is written in the server's sources: an HttpError's or a conflict's first string, an
// error body's code, a `code:` property, or a helper that builds one of those from a literal.
const CODE_SITES = [
  /\bHttpError\(\s*\d{3},\s*'([a-z_]+)'/g,
  /\b(?:conflict|errorBody|refuse|unauthorized|unavailable)\(\s*'([a-z_]+)'/g,
  /(?<![\w.])code:\s*'([a-z_]+)'/g,
];

/** Every error code the server's sources write (tests and demo data aside). */
function codesTheServerWrites(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'demo' && entry.name !== 'testing') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        // Conflicts span lines (`conflict(\n 'stale_version',`): the patterns run over the whole file.
        const source = readFileSync(path, 'utf8');
        for (const site of CODE_SITES) for (const match of source.matchAll(site)) codes.add(match[1]!);
      }
    }
  };
  walk(join(ROOT, 'src-server'));
  return codes;
}

const CATALOGS = { en, fr } as Record<'en' | 'fr', Record<string, string>>;
const intlOf = (locale: 'en' | 'fr') => createIntl({ locale, messages: CATALOGS[locale], onError: (error) => { throw error; } });

describe('the backend’s error codes', () => {
  it('lists every code the server writes, and the console words every listed code in French and English, with no message left over', () => {
    const written = codesTheServerWrites();
    expect(written.size).toBeGreaterThan(25);
    expect([...written].filter((code) => !API_ERROR_CODES.includes(code as never)).sort()).toEqual([]);
    for (const language of ['en', 'fr'] as const) {
      const ids = Object.keys(CATALOGS[language]).filter((id) => id.startsWith('apiError.'));
      const worded = ids.map((id) => id.slice('apiError.'.length)).filter((code) => !['unknown', 'withDetail', 'withConsoleDetail'].includes(code));
      expect(worded.sort(), `${language} catalog`).toEqual([...API_ERROR_CODES].sort());
      const consoleIds = Object.keys(CATALOGS[language]).filter((id) => id.startsWith('consoleError.'));
      expect(consoleIds.map((id) => id.slice('consoleError.'.length)).sort(), `${language} catalog`).toEqual([...CONSOLE_ERROR_CODES].sort());
    }
  });

  it('reads a known code in the reader’s language with the backend’s message as detail, and an unknown one as a sentence naming it', () => {
    const fr = intlOf('fr');
    const en = intlOf('en');
    expect(apiErrorText(fr, 'stale_version', 'log abc is at version 3, not 2')).toBe(
      'Quelqu’un a modifié cet élément sur le backend entre-temps. (backend : log abc is at version 3, not 2)',
    );
    expect(apiErrorText(en, 'stale_version', 'log abc is at version 3, not 2')).toBe(
      'Someone changed this item on the backend meanwhile. (backend: log abc is at version 3, not 2)',
    );
    expect(apiErrorText(fr, 'teapot_brewing', 'short and stout')).toBe('Le backend a refusé la demande (code teapot_brewing). (backend : short and stout)');
    expect(apiErrorText(en, 'forbidden', '')).toBe('Your role on this backend does not allow this.');
    // Every code has a sentence of its own in each language (never the generic one, never the id).
    for (const code of API_ERROR_CODES) {
      for (const intl of [fr, en]) {
        const text = apiErrorText(intl, code, '');
        expect(text).not.toContain('apiError.');
        expect(text).not.toBe(apiErrorText(intl, 'no_such_code', ''));
      }
    }
  });
});

describe('the console’s own refusals', () => {
  it('are worded by their code in the reader’s language with the main process’s message as detail; other failures keep their message', () => {
    const fr = intlOf('fr');
    const inUse = new IpcCallError('conflict', 'this profile is in use; switch to another one before deleting it', 'ops:settings.deleteProfile', 'profile_in_use');
    expect(errorText(fr, inUse)).toBe(
      'Ce profil est utilisé ; passez à un autre avant de le supprimer. (this profile is in use; switch to another one before deleting it)',
    );
    const refused = new IpcCallError('conflict', 'log abc is at version 3, not 2', 'ops:logDetail.remote', 'stale_version');
    expect(errorText(fr, refused)).toBe('Quelqu’un a modifié cet élément sur le backend entre-temps. (backend : log abc is at version 3, not 2)');
    expect(errorText(fr, new IpcCallError('offline', 'backend unreachable', 'ops:sync.now'))).toBe('backend unreachable');
    expect(errorText(fr, new Error('plain'))).toBe('plain');
  });
});

describe('error answers of a running server, as the console words them', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('carries a listed code on every refusal, which reads in French', async () => {
    const answers = [
      await server.request('GET', '/api/v1/no-such-route', { as: 'ops' }),
      await server.request('GET', '/api/v1/plugins/autoheal', { as: null }),
      await server.request('GET', '/api/v1/plugins/autoheal/00000000-0000-4000-8000-000000000000/preview', { as: 'ops' }),
      await server.request('POST', '/api/v1/plugins/autoheal/00000000-0000-4000-8000-000000000000/approve', { as: 'sdk', body: {} }),
    ];
    const codes = answers.map((answer) => ApiErrorSchema.parse(answer.body).error.code);
    expect(codes).toEqual(['route_not_found', 'unauthenticated', 'not_found', 'forbidden']);
    const fr = intlOf('fr');
    const texts = answers.map((answer) => apiErrorText(fr, answer.body.error.code, answer.body.error.message));
    expect(texts[0]).toMatch(/^Ce backend n’offre pas ce service.*\(backend : no route GET \/api\/v1\/no-such-route\)$/);
    expect(texts[3]).toMatch(/^Votre rôle sur ce backend ne le permet pas\. \(backend : /);
  });
});
