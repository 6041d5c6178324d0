/** `@molam/sdk`: the Molam payments client for Node 20+, with self-healing from signed declarative patches. */
export { MolamClient, PRIMARY_CREDENTIAL, SDK_VERSION } from './client.js';
export type { MolamClientEvents, PaymentIntent, PaymentIntentCreate } from './client.js';
export type { MolamClientOptions, MolamLogger, PatchApplication } from './client-options.js';
export { MolamConfigError, MolamError } from './errors.js';
export type { FailureDetails, HealAttempt } from './errors.js';
export type { PatchesChangedEvent, PatchVersionRef, StaleEvent } from './patch-set.js';
export type { Refusal } from './patch-verifier.js';
export type { RetryBudgetOptions } from './retry-policy.js';
export type { Credential } from './transport.js';
export { signRequest, SIGNATURE_HEADER_NAME } from './request-signing.js';
export { fetchSigningKeys } from './signing-keys.js';
