import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../../../playwright.config.js';
import { buildAll, buildRenderer } from '../../../scripts/build.js';
import { findElectronBinary } from '../../../scripts/electron-binary.js';
import { isStale } from '../../../scripts/freshness.js';
import { DESKTOP_OUTPUT, DESKTOP_SOURCES, RENDERER_OUTPUT, RENDERER_SOURCES } from '../../../scripts/paths.js';
import { BACKEND_TEMPLATE_ENV, EMBEDDED_BACKEND_FOLDER, startConsoleProcess } from './console-process.js';

/**
 * Once per run: builds what the tests drive (only when its sources changed), then starts one console
 * to leave a migrated, seeded embedded backend that every test copies. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  if (findElectronBinary()) {
    if (isStale(DESKTOP_OUTPUT, DESKTOP_SOURCES)) await buildAll();
  } else if (isStale(RENDERER_OUTPUT, RENDERER_SOURCES)) {
    await buildRenderer();
  }

  delete process.env[BACKEND_TEMPLATE_ENV];
  const first = await startConsoleProcess();
  await first.stop({ keepData: true });
  const template = join(mkdtempSync(join(tmpdir(), 'molam-e2e-template-')), EMBEDDED_BACKEND_FOLDER);
  renameSync(join(first.dataDir, EMBEDDED_BACKEND_FOLDER), template);
  rmSync(first.dataDir, { recursive: true, force: true });
  process.env[BACKEND_TEMPLATE_ENV] = template;
  return () => rmSync(join(template, '..'), { recursive: true, force: true });
}
