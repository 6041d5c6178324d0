// The patch engine's pieces the editor is built on, in one place: the draft's validation (the zod
// schema the server judges a patch with) and its JSON Schema.
import { z } from 'zod';
import { DraftSchema } from '../../../src-shared/patch-engine/draft.js';

export { validateDraft } from '../../../src-shared/patch-engine/draft.js';

/** The draft's JSON Schema, generated from its zod schema. */
export function patchJsonSchema(): object {
  return z.toJSONSchema(DraftSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}
