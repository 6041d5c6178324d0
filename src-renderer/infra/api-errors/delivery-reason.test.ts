import { afterEach, describe, expect, it } from 'vitest';
import { deliveryText } from '../decision-notice.js';
import { languageStore } from '../i18n/locale-store.js';

describe('a decision the backend refused, in the notice', () => {
  afterEach(() => languageStore.getState().languageChosen('en'));

  it('is worded by the backend’s code in the chosen language, with its message as detail', () => {
    languageStore.getState().languageChosen('fr');
    expect(deliveryText({ status: 'refused', message: '403 forbidden: ops only', code: 'forbidden' })).toBe(
      'refus du backend : Votre rôle sur ce backend ne le permet pas. (backend : 403 forbidden: ops only)',
    );
    languageStore.getState().languageChosen('en');
    expect(deliveryText({ status: 'refused', message: '403 forbidden: ops only', code: 'forbidden' })).toContain(
      'Your role on this backend does not allow this. (backend: 403 forbidden: ops only)',
    );
    // An answer without a code (an older main process) keeps the message as it came.
    expect(deliveryText({ status: 'conflict', message: 'stale_version: changed' })).toContain('stale_version: changed');
  });
});
