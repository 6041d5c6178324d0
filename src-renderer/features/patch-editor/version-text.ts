
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
