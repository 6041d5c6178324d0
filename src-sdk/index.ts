/** `@molam/sdk`: the Molam payments client for Node 20+, with self-healing from signed declarative patches. */
export { MolamClient, PRIMARY_CREDENTIAL, SDK_VERSION } from './client.js';
export type { MolamClientOptions, MolamLogger, PatchApplication, PaymentIntent, PaymentIntentCreate } from './client.js';
export { MolamConfigError, MolamError } from './errors.js';
export type { FailureDetails, HealAttempt } from './errors.js';
export type { Credential } from './transport.js';
export { signRequest, SIGNATURE_HEADER_NAME } from './request-signing.js';
export { fetchSigningKeys } from './signing-keys.js';
