// The patch engine's pieces the editor is built on, in one place: the draft's validation (the zod
// schema the server judges a patch with), its JSON Schema and the actions' documentation.
export { draftTextOf, validateDraft, versionDocument } from '../../../src-shared/patch-engine/draft.js';
export { ACTION_DOCS, patchJsonSchema } from '../../../src-shared/patch-engine/json-schema.js';
