import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's program. It is plain CommonJS given as text, so the same code runs from the sources
 * (tsx, vitest) and from the build without a second entry. It copies the WAL with PASSIVE, which
 * never waits for, nor blocks, the console's own connection; then tries TRUNCATE without waiting
 * (busy_timeout 0), which only succeeds when nothing else is writing, to empty the WAL file.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
try {
  db.pragma('busy_timeout = 0');
  const [copied] = db.pragma('wal_checkpoint(PASSIVE)');
  const [truncated] = db.pragma('wal_checkpoint(TRUNCATE)');
  parentPort.postMessage({ ...copied, truncated: truncated.busy === 0 });
} finally {
  db.close();
}
`;

export interface CheckpointResult {
  /** 1 when a lock stopped the checkpoint early (PASSIVE does not wait). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames copied into the database file. */
  checkpointed: number;
  /** Whether the WAL file was emptied afterwards (not when the console was writing at that moment). */
  truncated: boolean;
}

/**
 * Copies a WAL into its database file on a worker thread with a connection of its own: after a
 * bulk load the WAL holds the whole cache, and copying it takes the better part of a second that
 * the main process would otherwise be frozen for. Readers and writers of the main connection go
 * on meanwhile (WAL); a crash in the middle is harmless (a checkpoint can always be redone).
 */
export function checkpointOnThread(file: string, nativeBinding: string | undefined): Promise<CheckpointResult> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, { eval: true, workerData: { file, module, nativeBinding } });
    let result: CheckpointResult | undefined;
    worker.once('message', (message: CheckpointResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the checkpoint thread exited with code ${code}`))));
  });
}
