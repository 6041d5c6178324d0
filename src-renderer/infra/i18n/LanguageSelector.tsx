import { useIntl } from 'react-intl';
import { LANGUAGE_CHOICES, useLanguageChoice, useLanguageChosen, type LanguageChoice } from './locale-store.js';

/** The console's language: follow the system, French or English; applied at once, remembered across restarts. */
export function LanguageSelector() {
  const intl = useIntl();
  const choice = useLanguageChoice();
  const languageChosen = useLanguageChosen();
  return (
    <label className="language-selector" data-testid="language-selector" data-choice={choice}>
      {intl.formatMessage({ id: 'language.label' })}{' '}
      <select data-testid="language-select" value={choice} onChange={(event) => languageChosen(event.target.value as LanguageChoice)}>
        {LANGUAGE_CHOICES.map((value) => (
          // Each language is named in itself, so a reader of either finds theirs.
          <option key={value} value={value} lang={value === 'system' ? undefined : value}>
            {intl.formatMessage({ id: `language.${value}` })}
          </option>
        ))}
      </select>
    </label>
  );
}
