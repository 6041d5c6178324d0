import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Electronegativity (Doyensec's Electron security scanner) over the console's own source: the main
// process, the preload and the renderer, scanned together so its global checks (CSP, navigation
// limits, permission handler) see the whole app. A high-severity finding fails the test.

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
}
interface ScanResult {
  issues: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  atomicChecks: number;
  globalChecks: number;
}
type Scanner = (options: Record<string, unknown>) => Promise<ScanResult>;

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/**
 * Electronegativity fetches newer translations of its messages when it starts, through got 11, whose
 * retry after a failed lookup (no internet here) outlives the request's promise and throws in a timer
 * on Node 24 (got#1489), failing the run. Its bundled English messages are all the scan needs, so its
 * start-up step is given them without the fetch: the same i18n set-up as its own, minus the download.
 */
function useBundledMessages(): void {
  const stepPath = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  const i18n = require(require.resolve('i18n', { paths: [dirname(stepPath)] })) as {
    configure(options: Record<string, unknown>): void;
    setLocale(locale: string): void;
  };
  const setUp = (): Promise<void> => {
    i18n.configure({
      locales: ['en-US', 'es-ES', 'fr-FR'],
      defaultLocale: 'en-US',
      directory: dirname(stepPath),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: global,
    });
    i18n.setLocale('en-US');
    return Promise.resolve();
  };
  require.cache[stepPath] = { id: stepPath, filename: stepPath, loaded: true, exports: setUp } as unknown as NodeJS.Module;
}

/** Scans a copy of the given folders (tests left out), plus any extra files, as one app. */
async function scan(folders: string[], extraFiles: Record<string, string> = {}): Promise<ScanResult> {
  useBundledMessages();
  const scanner = require('@doyensec/electronegativity') as Scanner;
  const work = mkdtempSync(join(tmpdir(), 'molam-scan-'));
  try {
    for (const folder of folders) {
      cpSync(join(root, folder), join(work, folder), { recursive: true, filter: (path) => !/\.test\.tsx?$/.test(path) });
    }
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(work, name), text);
    return await scanner({
      input: work,
      isRelative: true,
      electronVersionOverride: electronVersion,
      // That check downloads Electron's release list; the version in use is pinned in package.json.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('the Electron security scan', () => {
  it('parses every file and finds nothing of high severity in the console', { timeout: 120_000 }, async () => {
    const result = await scan(['src-main', 'src-renderer']);
    const summary = result.issues.map((i) => `${i.severity.name}/${i.confidence.name} ${i.id} ${i.file}:${i.location.line}`);
    console.log(`electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${result.issues.length} findings${summary.length ? `\n  ${summary.join('\n  ')}` : ''}`);
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(result.issues.filter((i) => i.severity.name === 'HIGH').map((i) => `${i.id} ${i.file}:${i.location.line}`)).toEqual([]);
  });

  it('does flag an unisolated window and missing navigation limits, so a clean scan means something', { timeout: 120_000 }, async () => {
    const result = await scan([], {
      'bad-window.ts': "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    });
    expect(result.issues.filter((i) => i.severity.name === 'HIGH').map((i) => i.id)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  });
});
