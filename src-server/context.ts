import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.js';
import type { RouterDeps } from './http/route.js';
import type { Metrics } from './metrics.js';

/** Server settings, from flags, environment and defaults (see cli.ts). */
export interface ServerConfig {
  host: string;
  port: number;
  /** Where PGlite keeps its data, the admin token file and the signing key. */
  dataDir: string;
  /** PostgreSQL URL; when absent the server runs on PGlite under dataDir. */
  databaseUrl?: string;
  demo: boolean;
  /** Threshold for proposals that come with no rule. */
  defaultAutoApplyThreshold: number;
  /** Parse every response against its schema (on in tests). */
  checkResponses: boolean;
  logLevel: string;
  /** Shares of developers (percent) a patch version's rollout serves step by step (default [5, 25, 100]). */
  rolloutSteps?: readonly number[];
  /** Applications a rollout step needs before it advances or halts (default 20). */
  rolloutMinApplications?: number;
  /** How long a patch signature is valid (default 14 days); versions are re-signed when less than half remains. */
  patchSignatureTtlMs?: number;
}

/** What feature modules receive from the composition root. */
export interface ServerContext {
  db: Database;
  router: RouterDeps;
  config: ServerConfig;
  log: FastifyBaseLogger;
  metrics: Metrics;
}
