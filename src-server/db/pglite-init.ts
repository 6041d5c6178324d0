import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker's program (plain CommonJS as text, so sources and build run the same code): opens PGlite on
 * the folder, which runs PostgreSQL's initdb, then closes it.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.module);
PGlite.create({ dataDir: workerData.dataDir, startParams: workerData.startParams })
  .then((db) => db.close())
  .then(() => parentPort.postMessage('created'));
`;

/** Whether `dataDir` already holds a PostgreSQL data folder. */
export function hasPgliteDataDir(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Creates a new PGlite data folder on a worker thread. initdb runs in WebAssembly memories of its own
 * (about 400 MB at their peak) that the process would hold until its next full garbage collection; a
 * worker's memory is returned as it ends, so the process that then opens the folder never carries them.
 */
export function createPgliteDataDir(dataDir: string, startParams: readonly string[]): Promise<void> {
  const module = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, { eval: true, workerData: { module, dataDir, startParams: [...startParams] } });
    const failed = (why: string, cause?: unknown) => reject(new Error(`creating the PGlite data folder ${dataDir} failed: ${why}`, { cause }));
    let created = false;
    worker.once('message', () => (created = true));
    worker.once('error', (error) => failed(error.message, error));
    worker.once('exit', (code) => (created ? resolve() : failed(`its thread ended with code ${code}`)));
  });
}
