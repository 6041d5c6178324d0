// Moved to shared/code-view (several features show code): kept so importers can switch over.
export * from '../../../shared/code-view/diff-extensions.js';
