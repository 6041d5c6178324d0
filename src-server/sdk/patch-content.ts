import type { CreatePatchBody, UpdatePatchBody } from '../../src-shared/schemas/sdk.js';
import { PatchMatchSchema } from '../../src-shared/patch-format.js';
import { badRequest } from '../http/errors.js';
import type { PatchContent } from './patch-repository.js';
import { storableJson, storableText, validateMatch } from './patch-validation.js';

/**
 * Turns an authored body into storable version content for a patch of `language`: the match gets
 * the patch's language, the pattern and version range are checked, and text PostgreSQL cannot
 * store is cleaned before anything is signed.
 */
export function patchContentFrom(body: CreatePatchBody | UpdatePatchBody, language: string): PatchContent {
  if (body.sdk_language !== undefined && body.sdk_language !== language) {
    throw badRequest(`body.sdk_language: a patch's language cannot change (this patch is for ${language})`, 'body.sdk_language');
  }
  if (body.match?.sdk_language !== undefined && body.match.sdk_language !== language) {
    throw badRequest(`body.match.sdk_language: must be the patch's language (${language})`, 'body.match.sdk_language');
  }
  // Cleaning can empty a field the route's schema passed (a pattern of NUL characters): a 400, not a throw.
  const parsed = PatchMatchSchema.safeParse(storableJson({ ...body.match, sdk_language: language }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['body.match', ...issue.path.map(String)].join('.');
    throw badRequest(`${field}: ${issue.message} (once NUL characters are removed)`, field);
  }
  const match = parsed.data;
  validateMatch(match, 'body.match');
  return {
    sdk_language: language,
    error_signature: storableText(body.error_signature),
    description: storableText(body.description),
    severity: body.severity,
    match,
    actions: storableJson(body.actions),
    patch_code: body.patch_code === undefined ? null : storableText(body.patch_code),
    rollback_code: body.rollback_code === undefined ? null : storableText(body.rollback_code),
  };
}

/** The author's change note as stored with the version: null when none or blank was given. */
export function changeNoteOf(body: CreatePatchBody | UpdatePatchBody): string | null {
  return body.change_note || null;
}
