import { z } from 'zod';

/**
 * Why a backend could not be used, as the console tells it: the address itself, the network on the way
 * (DNS, refused, timeout, TLS), an answer that is not a Molam backend's, the token, the contract version,
 * or the backend failing on its side. A test connection and the sync bar speak the same kinds.
 */
export const BACKEND_FAILURES = [
  'bad-url',
  'dns',
  'refused',
  'timeout',
  'tls',
  'unreachable',
  'not-molam',
  'token-refused',
  'version-mismatch',
  'server-error',
] as const;
export const BackendFailureSchema = z.enum(BACKEND_FAILURES);
export type BackendFailureKind = z.infer<typeof BackendFailureSchema>;

/** A failure with the HTTP status when there was one and the technical detail (never the token). */
export const BackendProblemSchema = z.object({
  failure: BackendFailureSchema,
  status: z.number().int().nullable(),
  detail: z.string(),
});
export type BackendProblem = z.infer<typeof BackendProblemSchema>;
