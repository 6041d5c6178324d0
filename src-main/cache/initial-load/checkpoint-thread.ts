import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's program. It is plain CommonJS given as text, so the same code runs from the sources
 * (tsx, vitest) and from the build without a second entry. It first recreates the indexes it is
 * given, each only if its record in `deferred_indexes` is still there (the console's connection may
 * have done it meanwhile), in one transaction that waits for the console's writes. Then it copies
 * the WAL with PASSIVE, which never waits for, nor blocks, the console's own connection; then tries
 * TRUNCATE without waiting (busy_timeout 0), which only succeeds when nothing else is writing, to
 * empty the WAL file.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
try {
  let rebuilt = 0;
  if (workerData.indexes.length > 0) {
    db.pragma('busy_timeout = 10000');
    const forget = db.prepare('DELETE FROM deferred_indexes WHERE name = ?');
    db.transaction(() => {
      for (const index of workerData.indexes) {
        if (forget.run(index.name).changes === 0) continue;
        db.exec(index.sql);
        rebuilt++;
      }
    }).immediate();
  }
  db.pragma('busy_timeout = 0');
  const [copied] = db.pragma('wal_checkpoint(PASSIVE)');
  const [truncated] = db.pragma('wal_checkpoint(TRUNCATE)');
  parentPort.postMessage({ ...copied, truncated: truncated.busy === 0, rebuilt });
} finally {
  db.close();
}
`;

/** An index to recreate: its name in `deferred_indexes` and the statement that creates it. */
export interface DeferredIndex {
  name: string;
  sql: string;
}

export interface CheckpointResult {
  /** 1 when a lock stopped the checkpoint early (PASSIVE does not wait). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames copied into the database file. */
  checkpointed: number;
  /** Whether the WAL file was emptied afterwards (not when the console was writing at that moment). */
  truncated: boolean;
  /** Indexes recreated by the thread. */
  rebuilt: number;
}

/**
 * Recreates indexes set aside, then copies a WAL into its database file, on a worker thread with a
 * connection of its own: after a bulk load, building the indexes of 100,000 logs and copying a WAL
 * that holds the whole cache each take the better part of a second that the main process would
 * otherwise be frozen for. Readers of the main connection go on meanwhile (WAL), and its writers
 * wait for the index transaction; a crash in the middle is harmless (an index whose record is still
 * in `deferred_indexes` is rebuilt by the next sync, and a checkpoint can always be redone).
 */
export function checkpointOnThread(file: string, nativeBinding: string | undefined, indexes: readonly DeferredIndex[] = []): Promise<CheckpointResult> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, { eval: true, workerData: { file, module, nativeBinding, indexes } });
    let result: CheckpointResult | undefined;
    worker.once('message', (message: CheckpointResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the checkpoint thread exited with code ${code}`))));
  });
}
