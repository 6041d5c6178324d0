import { z } from 'zod';
import {
  APPLY_CONFLICT_CODES,
  ApplyConflictDetailsSchema,
  ROLLBACK_CONFLICT_CODES,
  RollbackConflictDetailsSchema,
} from '../src-shared/schemas/autoheal.js';
import { SdkPatchSchema } from '../src-shared/schemas/sdk.js';

/** An error answer a client is expected to handle, with the shape of its `error.details`. */
export interface DocumentedError {
  status: number;
  codes: readonly string[];
  description: string;
  details: z.ZodType;
}

const staleOrInvalid = (current: z.ZodType) => z.object({ current });

/**
 * Error answers documented beyond the generic one, by `METHOD url` as the route registers it: those
 * whose details a client (the console) reads, not only shows. Every schema comes from src-shared.
 */
export const DOCUMENTED_ERRORS: Readonly<Record<string, readonly DocumentedError[]>> = {
  'POST /api/v1/plugins/autoheal/:id/apply': [
    {
      status: 409,
      codes: [...APPLY_CONFLICT_CODES, 'invalid_transition', 'stale_version'],
      description:
        'plugin_busy: another patch on the plugin is still applying (details.applying names it: log_id, since, its command); ' +
        'one patch applies on a plugin at a time, so apply this one once the plugin has acknowledged that one. ' +
        'invalid_transition, stale_version: details.current only',
      details: ApplyConflictDetailsSchema.partial({ applying: true }),
    },
  ],
  'POST /api/v1/plugins/autoheal/:id/rollback': [
    {
      status: 409,
      codes: [...ROLLBACK_CONFLICT_CODES, 'invalid_transition', 'stale_version'],
      description:
        'newer_patches_applied: patches applied on the plugin after this one would be undone (listed in details.newer, ' +
        'newest first; send cascade: true, and expected_newer with their log_ids, to roll them back first). ' +
        'patch_applying: a patch on the plugin is still applying. invalid_transition, stale_version: details.current only',
      details: RollbackConflictDetailsSchema.partial({ newer: true }),
    },
  ],
  'POST /api/dev/patches/:id/versions/:version/approve': [
    {
      status: 409,
      codes: ['patch_deactivated', 'invalid_transition', 'stale_version'],
      description: 'patch_deactivated: the patch was deactivated; reactivate it first (details.current is the patch)',
      details: staleOrInvalid(z.unknown()),
    },
  ],
  'POST /api/dev/patches/:id/reactivate': [
    { status: 409, codes: ['not_deactivated', 'stale_version'], description: 'details.current is the patch', details: staleOrInvalid(SdkPatchSchema) },
  ],
};

