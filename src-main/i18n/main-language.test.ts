import { describe, expect, it } from 'vitest';
import sharedEn from '../../src-shared/domain/messages/en.json' with { type: 'json' };
import sharedFr from '../../src-shared/domain/messages/fr.json' with { type: 'json' };
import mainEn from './messages/en.json' with { type: 'json' };
import mainFr from './messages/fr.json' with { type: 'json' };
import { MainLanguageSetting, mainIntl, nodeSystemLanguage, systemLanguage } from './main-language.js';

describe('the main process’s language', () => {
  it('has every message in both languages, and no id in one only', () => {
    expect(Object.keys(mainFr).sort()).toEqual(Object.keys(mainEn).sort());
    expect(Object.keys(sharedFr).sort()).toEqual(Object.keys(sharedEn).sort());
    // Each French message differs from its English one (none left untranslated).
    for (const [id, english] of Object.entries({ ...mainEn, ...sharedEn })) expect({ ...mainFr, ...sharedFr }[id as never], id).not.toBe(english);
  });

  it('follows the system’s language, French for any French variant, English otherwise', () => {
    expect(systemLanguage(['fr_FR.UTF-8'])).toBe('fr');
    expect(systemLanguage(['fr-CA'])).toBe('fr');
    expect(systemLanguage([undefined, 'C', 'de_DE.UTF-8'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
    expect(nodeSystemLanguage({ LANG: 'fr_SN.UTF-8' })).toBe('fr');
    expect(nodeSystemLanguage({ LC_ALL: 'en_GB.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('en');
  });

  it('words the start failure dialog in both languages', () => {
    expect(mainIntl('fr').formatMessage({ id: 'main.startFailed.title' })).toBe('Molam Heal Console n’a pas pu démarrer');
    expect(mainIntl('en').formatMessage({ id: 'main.startFailed.body' }, { reason: 'port 5173 in use' })).toBe(
      'port 5173 in use\n\nThe console’s log has the details.',
    );
  });

  it('switches when the renderer chooses, and back to the system’s on "system"', () => {
    const setting = new MainLanguageSetting('en');
    expect(setting.format('reviewAlert.one', { severity: 'critical' })).toBe('New critical item waiting for review');
    setting.chosen('fr');
    expect(setting.current).toBe('fr');
    expect(setting.format('reviewAlert.one', { severity: 'critical' })).toBe('Nouvel élément de gravité critique en attente de revue');
    setting.chosen('system');
    expect(setting.current).toBe(nodeSystemLanguage());
    // An id in no catalog is an error naming it, never the id shown to the user.
    expect(() => setting.format('reviewAlert.nothing')).toThrow(/reviewAlert\.nothing/);
  });
});
