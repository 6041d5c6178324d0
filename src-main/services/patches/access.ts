import type { Identity } from '../../cache/repositories/sync-state-repo.js';
import { ServiceError } from '../service-error.js';

/** What a patch decision needs: writing (authoring, deactivating) or reviewing versions. */
export type PatchAccess = 'write' | 'review';

const ROLES: Readonly<Record<PatchAccess, readonly string[]>> = {
  write: ['dev_admin', 'admin'],
  review: ['reviewer', 'admin'],
};

/**
 * Refuses, before anything is queued, a decision the console's own role cannot take (the backend
 * refuses it anyway). With no identity known yet, the backend is left to judge.
 */
export function requireRole(identity: Identity | null, access: PatchAccess): void {
  if (!identity) return;
  const allowed = ROLES[access];
  if (allowed.includes(identity.role)) return;
  throw new ServiceError('forbidden', 'role_required', `this needs the ${allowed[0]} role (or admin); this console's token has the ${identity.role} role`);
}
