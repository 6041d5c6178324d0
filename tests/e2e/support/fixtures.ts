import { test as base } from '@playwright/test';
import { ConsolePage } from '../pages/console-page.js';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

/**
 * Each test gets its own console process (own data folder, own embedded backend, free port) and a
 * page already opened on it and ready. It starts on the embedded demo; `test.use({ firstStart: true })`
 * starts it as a fresh install does, on the welcome screen.
 */
export const test = base.extend<{ consoleProcess: ConsoleProcess; consolePage: ConsolePage; firstStart: boolean }>({
  firstStart: [false, { option: true }],
  consoleProcess: async ({ firstStart }, use, testInfo) => {
    const started = await startConsoleProcess(undefined, { welcome: firstStart });
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
