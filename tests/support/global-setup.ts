import type { TestProject } from 'vitest/node';
import { prepareTemplates } from '../../src-server/testing/templates.js';

/** Migrates once per run: a PGlite data-folder dump and, with TEST_DATABASE_URL, a template database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const templates = await prepareTemplates();
  project.provide('pgliteTemplate', templates.pgliteTemplate);
  project.provide('postgresTemplate', templates.postgresTemplate);
  return () => templates.cleanup();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}
