import { z } from 'zod';
import { UuidSchema } from '../schemas/common.js';
import { PatchPreviewSchema } from '../schemas/preview.js';

/** Why the preview could not be (re)fetched just now; the cached one, if any, is still shown. */
export const PreviewProblemSchema = z.object({
  /** `offline`: no backend connected or it cannot be reached; `refused`: it answered with an error. */
  reason: z.enum(['offline', 'refused']),
  message: z.string(),
});
export type PreviewProblem = z.infer<typeof PreviewProblemSchema>;

/**
 * What a log's patch will change, as the console holds it: the backend's preview cached with the log
 * version (and the plugin state) it was computed for.
 */
export const LogPreviewSchema = z.object({
  /** The cached preview (null: none was ever fetched for this log). */
  preview: PatchPreviewSchema.nullable(),
  /** When the console received it from the backend. */
  fetchedAt: z.string().nullable(),
  /** Whether it was computed for the log's current version and the plugin's current state. */
  current: z.boolean(),
  /** Set when the backend could not be asked just now. */
  problem: PreviewProblemSchema.nullable(),
});
export type LogPreview = z.infer<typeof LogPreviewSchema>;

/** The detail pane's "What this patch changes". */
export const PREVIEW_CHANNELS = {
  /**
   * The log's cached preview; when it is missing or outdated and a backend is connected, main asks
   * `GET /api/v1/plugins/autoheal/:id/preview` first (one attempt, a short timeout). Works offline.
   */
  'ops:previews.forLog': {
    request: z.strictObject({ logId: UuidSchema }),
    response: LogPreviewSchema,
  },
} as const;
