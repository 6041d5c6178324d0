import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../infra/bridge-context.js';
import { syncStatusQuery } from '../../infra/sync-status.js';

// Who may do what in the SDK patch registry, as the backend's routes allow it (`admin` holds every
// staff capability): the screens hide or disable what the backend would refuse anyway.

/** dev_admin authors, deactivates and reactivates patches. */
export const mayAuthorPatches = (role: string | null) => role === 'dev_admin' || role === 'admin';
/** reviewer approves and rejects patch versions (never their own). */
export const mayReviewPatches = (role: string | null) => role === 'reviewer' || role === 'admin';

/** The role of the console's token (null before the backend said who it is). */
export function useRole(): string | null {
  const api = useOpsApi();
  return useQuery({ ...syncStatusQuery(api), select: (status) => status.identity?.role ?? null }).data ?? null;
}
