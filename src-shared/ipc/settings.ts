import { z } from 'zod';
import { BackendProblemSchema } from './backend-problem.js';
import { SyncStatusSchema } from './model.js';

/**
 * How the backend tokens are kept: the OS keychain through Electron's safeStorage, safeStorage's
 * plain-text fallback (Linux without a keyring: the UI must say the token is not protected), or a
 * file readable by the user only (browser shell).
 */
export const SECRET_STORAGE_KINDS = ['os-encryption', 'plaintext-fallback', 'user-only-file'] as const;
export const SecretStorageKindSchema = z.enum(SECRET_STORAGE_KINDS);
export type SecretStorageKind = z.infer<typeof SecretStorageKindSchema>;

/** A backend profile as the renderer sees it: never the token, only whether one is stored. */
export const ProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  hasToken: z.boolean(),
  /** The in-process reference backend started when no other profile is configured. */
  embedded: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Profile = z.infer<typeof ProfileSchema>;

const BackendUrlSchema = z
  .url({ protocol: /^https?$/, message: 'an http:// or https:// URL' })
  .max(2000);
/** Bearer tokens: printable, no spaces (they go into an HTTP header). */
const TokenSchema = z.string().min(1).max(4096).regex(/^[\x21-\x7e]+$/, 'printable characters without spaces');

/** What "Test connection" found: who the token belongs to, or the first thing that failed. */
export const ConnectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), identity: z.object({ name: z.string(), role: z.string() }) }),
  z.object({ ok: z.literal(false), problem: BackendProblemSchema }),
]);
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const SettingsViewSchema = z.object({
  profiles: z.array(ProfileSchema),
  activeProfileId: z.string().nullable(),
  secretStorage: SecretStorageKindSchema,
  /** Whether this shell can run the embedded demo backend (the welcome screen and Settings offer it). */
  demoAvailable: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/** Backend profiles (name, URL, token) and which one the console talks to. */
export const SETTINGS_CHANNELS = {
  'ops:settings.get': { request: z.strictObject({}), response: SettingsViewSchema },
  /** Create (no id) or update a profile. `token` omitted keeps the stored one; null removes it. */
  'ops:settings.saveProfile': {
    request: z.strictObject({
      id: z.uuid().optional(),
      name: z.string().trim().min(1).max(100),
      url: BackendUrlSchema,
      token: TokenSchema.nullable().optional(),
    }),
    response: ProfileSchema,
  },
  /** Delete a profile that is not active (its token goes too; its queued decisions are dropped). */
  'ops:settings.deleteProfile': {
    request: z.strictObject({ id: z.uuid() }),
    response: z.object({ deleted: z.literal(true) }),
  },
  /** Talk to another backend: the cache is emptied and filled again from that backend. */
  'ops:settings.switchProfile': {
    request: z.strictObject({ id: z.uuid() }),
    response: SyncStatusSchema,
  },
  /**
   * Tries a backend before saving it. The URL is checked here, not by the contract, so a bad one is
   * answered as a failure kind the screen can explain.
   */
  'ops:settings.testConnection': {
    request: z.strictObject({ url: z.string().max(2000), token: TokenSchema.optional() }),
    response: ConnectionTestSchema,
  },
  /** Talk to the embedded demo backend (its profile is created the first time). */
  'ops:settings.useDemo': {
    request: z.strictObject({}),
    response: SyncStatusSchema,
  },
} as const;
