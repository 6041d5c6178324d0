import { test as base } from '@playwright/test';
import { ConsolePage } from '../pages/console-page.js';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

/**
 * Each test gets its own console process (own data folder, own embedded backend, free port) and a
 * page already opened on it and ready.
 */
export const test = base.extend<{ consoleProcess: ConsoleProcess; consolePage: ConsolePage }>({
  // Playwright reads fixture dependencies from the destructuring pattern, even an empty one.
  // eslint-disable-next-line no-empty-pattern
  consoleProcess: async ({}, use, testInfo) => {
    const started = await startConsoleProcess();
    await use(started);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('console output', { body: started.output(), contentType: 'text/plain' });
    }
    await started.stop();
  },
  consolePage: async ({ page, consoleProcess }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const consolePage = new ConsolePage(page);
    await consolePage.open(consoleProcess.openUrl);
    await use(consolePage);
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
  },
});

export { expect } from '@playwright/test';
