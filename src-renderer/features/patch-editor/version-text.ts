import type { SdkPatch, SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';

/**
 * A registry version as the JSON a draft of its next version starts from (the fields an author
 * writes, in the same order and layout as the main process writes them), so the diff against the
 * active version shows only what the draft changes.
 */
export function versionDraftText(patch: Pick<SdkPatch, 'sdk_language'>, version: SdkPatchVersion): string {
  const body = {
    sdk_language: patch.sdk_language,
    error_signature: version.error_signature,
    description: version.description,
    severity: version.severity,
    match: version.match,
    actions: version.actions,
    ...(version.patch_code !== null ? { patch_code: version.patch_code } : {}),
    ...(version.rollback_code !== null ? { rollback_code: version.rollback_code } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The error signature a draft's text names, if it parses that far (drafts are listed by it). */
export function draftSignature(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'error_signature' in body && typeof body.error_signature === 'string' && body.error_signature.trim()) {
      return body.error_signature.trim();
    }
  } catch {
    // A draft being typed need not parse.
  }
  return null;
}
