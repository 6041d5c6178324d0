import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { IsoDateTimeSchema, QueryInt, TimestampSchema } from './common.js';

export const RoleSchema = z.enum(ROLES);

/**
 * `POST /api/v1/admin/tokens`. A merchant token needs the merchant it is scoped to; other roles
 * are not scoped, so they take no merchant_id.
 */
export const CreateTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: RoleSchema,
    merchant_id: z.string().min(1).max(128).optional(),
  })
  .superRefine((body, issues) => {
    if (body.role === 'merchant' && body.merchant_id === undefined) {
      issues.addIssue({ code: 'custom', path: ['merchant_id'], message: 'a merchant token needs the merchant_id it acts for' });
    }
    if (body.role !== 'merchant' && body.merchant_id !== undefined) {
      issues.addIssue({ code: 'custom', path: ['merchant_id'], message: 'only merchant tokens are scoped to a merchant_id' });
    }
  });
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

/** A token as lists show it: never the token itself, never its hash. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  merchant_id: z.string().nullable(),
  created_at: TimestampSchema,
  revoked_at: TimestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** The answer to a creation: the only time the token is shown (the server keeps its SHA-256 only). */
export const CreatedTokenSchema = ApiTokenSchema.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

export const TokenListQuerySchema = z.object({
  role: RoleSchema.optional(),
  status: z.enum(['active', 'revoked']).optional(),
  limit: QueryInt(1, 500).default(100),
  cursor: z.string().max(300).optional(),
});

/** One audit row: who (token id, name, role), what, on which entity, before and after, when. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  actor_id: z.string(),
  actor_name: z.string(),
  actor_role: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: TimestampSchema,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/v1/audit`: newest first; every filter given must hold. */
export const AuditQuerySchema = z.object({
  entity_type: z.string().min(1).max(100).optional(),
  entity_id: z.string().min(1).max(200).optional(),
  actor_role: RoleSchema.optional(),
  action: z.string().min(1).max(100).optional(),
  /** Rows at or after this instant. */
  since: IsoDateTimeSchema.optional(),
  /** Rows before this instant. */
  until: IsoDateTimeSchema.optional(),
  limit: QueryInt(1, 500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** `GET /api/v1/whoami`: what the presented token is. */
export const WhoAmISchema = z.object({
  name: z.string(),
  role: RoleSchema,
  merchant_id: z.string().nullable(),
  /** The token's id: what the registry records as a patch version's author (`created_by`). Absent from older backends. */
  token_id: z.string().optional(),
});
export type WhoAmI = z.infer<typeof WhoAmISchema>;
