import type { SyncEntitySchema } from '../../../src-shared/schemas/sync.js';
import type { z } from 'zod';
import { OutboxKinds } from '../../outbox/outbox-kinds.js';
import type { OutboxKind } from '../../outbox/outbox-kind.js';
import type { CacheDb } from '../cache-db.js';
import { InitialLoad, type InitialLoadOptions } from '../initial-load/initial-load.js';
import { ConflictsRepository } from './conflicts-repo.js';
import { ENTITY_SPECS } from './entity-specs.js';
import { FieldStatsRepository } from './field-stats-repo.js';
import { EntityRepository } from './entity-repository.js';
import { HealingLogsQuery } from './healing-logs-query.js';
import { HealingLogsRepository } from './healing-logs-repo.js';
import { OutboxRepository } from './outbox-repo.js';
import { PatchDraftsRepository } from './patch-drafts-repo.js';
import { PatchPreviewsRepository } from './patch-previews-repo.js';
import { PatchRegistryRepository } from './patch-registry-repo.js';
import { PausesRepository } from './pauses-repo.js';
import { PendingStates } from './pending-states.js';
import { ProfilesRepository } from './profiles-repo.js';
import { RolloutsRepository } from './rollouts-repo.js';
import { SyncStateRepository } from './sync-state-repo.js';

type OtherEntity = Exclude<z.infer<typeof SyncEntitySchema>, 'healing_log'>;

/** Every repository over one cache. */
export interface Repositories {
  cache: CacheDb;
  logs: HealingLogsRepository;
  /** Every screen's reads of the cached logs: filtered pages, totals, counts. */
  logQuery: HealingLogsQuery;
  entities: Record<OtherEntity, EntityRepository>;
  /** The kinds of decision the outbox carries (see src-main/outbox). */
  outboxKinds: OutboxKinds;
  outbox: OutboxRepository;
  /** Local state of auto-apply pauses (their rows come through `entities.pause`). */
  pauses: PausesRepository;
  /** The backend's previews of what each log's patch changes (shown offline). */
  previews: PatchPreviewsRepository;
  conflicts: ConflictsRepository;
  /** The cached SDK patch registry with the pending state of decisions on it. */
  patches: PatchRegistryRepository;
  /** The backend's field figures per patch, unanswered lookups and runbook tables, with their age. */
  fieldStats: FieldStatsRepository;
  /** Patch drafts on this workstation. */
  drafts: PatchDraftsRepository;
  /** The backend's staged rollouts of patch versions and the runbook's alerts, with their age. */
  rollouts: RolloutsRepository;
  /** Each target's pending state, as the outbox and conflicts make it (kept by their writes). */
  pendingStates: PendingStates;
  syncState: SyncStateRepository;
  profiles: ProfilesRepository;
  /** An initial sync's bulk load: sets indexes aside, rebuilds them, and gives `logs` its writer. */
  initialLoad: InitialLoad;
}

/** `kinds` replaces the built-in outbox kinds (tests register extra ones); the rest is the initial load's. */
export function createRepositories(cache: CacheDb, options: InitialLoadOptions & { kinds?: readonly OutboxKind[] } = {}): Repositories {
  const entities = Object.fromEntries(
    Object.entries(ENTITY_SPECS).map(([entity, spec]) => [entity, new EntityRepository(cache, spec)]),
  ) as Record<OtherEntity, EntityRepository>;
  const initialLoad = new InitialLoad(cache, options);
  const logs = new HealingLogsRepository(cache, initialLoad.logWriter);
  const outboxKinds = new OutboxKinds(options.kinds);
  const pendingStates = new PendingStates(cache, outboxKinds.all());
  return {
    cache,
    logs,
    logQuery: new HealingLogsQuery(cache),
    entities,
    outboxKinds,
    outbox: new OutboxRepository(cache, pendingStates),
    pauses: new PausesRepository(cache),
    previews: new PatchPreviewsRepository(cache),
    conflicts: new ConflictsRepository(cache, pendingStates),
    patches: new PatchRegistryRepository(cache),
    fieldStats: new FieldStatsRepository(cache),
    drafts: new PatchDraftsRepository(cache),
    rollouts: new RolloutsRepository(cache),
    pendingStates,
    syncState: new SyncStateRepository(cache),
    profiles: new ProfilesRepository(cache),
    initialLoad,
  };
}
