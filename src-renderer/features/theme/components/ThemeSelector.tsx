import { useIntl } from 'react-intl';
import { THEME_CHOICES, useThemeChoice, useThemeChosen } from '../../../shared/theme/theme-store.js';
import '../theme.css';

/** Light, dark, or the system's preference: a radio group named "Theme", remembered across restarts. */
export function ThemeSelector() {
  const intl = useIntl();
  const choice = useThemeChoice();
  const themeChosen = useThemeChosen();
  return (
    <fieldset className="theme-selector" data-testid="theme-selector" data-choice={choice}>
      <legend>{intl.formatMessage({ id: 'theme.legend' })}</legend>
      {THEME_CHOICES.map((value) => (
        <label key={value}>
          <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => themeChosen(value)} data-testid={`theme-${value}`} />
          {intl.formatMessage({ id: `theme.${value}` })}
        </label>
      ))}
    </fieldset>
  );
}
