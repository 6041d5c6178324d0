/**
 * A console process that only pushes the outbox: opens the cache file, sends every queued decision,
 * exits 0 once the outbox is empty, printing a line per settled decision. The crash test kills it
 * with SIGKILL at random points.
 * Usage: tsx push-child.ts <cache-file> <profile-id> <backend-url>, token in MOLAM_TOKEN.
 */
import { BackendClient } from '../../backend/backend-client.js';
import { sleep } from '../../backend/retry.js';
import { CacheDb } from '../../cache/cache-db.js';
import { createRepositories } from '../../cache/repositories/index.js';
import { OutboxPusher } from '../../sync/outbox-pusher.js';

const [file, profileId, baseUrl] = process.argv.slice(2);
if (!file || !profileId || !baseUrl) {
  process.stderr.write('usage: push-child.ts <cache-file> <profile-id> <backend-url>\n');
  process.exit(2);
}

const repos = createRepositories(CacheDb.open({ file }));
const client = new BackendClient({ baseUrl, token: process.env.MOLAM_TOKEN, timeoutMs: 5_000, attempts: 1 });
const pusher = new OutboxPusher({ repos, client, profileId, attemptsPerSend: 1, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
// One request first, so the kill window covers pushing rather than the HTTP stack's start-up.
await client.whoami().catch(() => undefined);
pusher.onDidSettleItem((item) => process.stdout.write(`settled ${item.id} ${item.outcome}\n`));
process.stdout.write('ready\n');
for (;;) {
  const round = await pusher.push();
  if (repos.outbox.counts(profileId).queued === 0) break;
  if (round.error) await sleep(50);
}
await pusher.stop();
repos.cache.close();
process.stdout.write('drained\n');
process.exit(0);
