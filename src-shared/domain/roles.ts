/**
 * Roles of the Molam backend. Each token carries exactly one role; `admin` holds every staff
 * capability and manages tokens, `merchant` is scoped to its own plugins.
 */
export const ROLES = ['admin', 'sira', 'ops', 'reviewer', 'dev_admin', 'merchant', 'sdk'] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles allowed to read the operational views (logs, stats, feed, commands, audit). */
export const STAFF_ROLES: readonly Role[] = ['admin', 'sira', 'ops', 'reviewer', 'dev_admin'];
