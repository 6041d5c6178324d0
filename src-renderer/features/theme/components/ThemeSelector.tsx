import { THEME_CHOICES, useThemeChoice, useThemeChosen, type ThemeChoice } from '../../../shared/theme/theme-store.js';
import '../theme.css';

const LABELS: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'Follow the system' };

/** Light, dark, or the system's preference: a radio group named "Theme", remembered across restarts. */
export function ThemeSelector() {
  const choice = useThemeChoice();
  const themeChosen = useThemeChosen();
  return (
    <fieldset className="theme-selector" data-testid="theme-selector" data-choice={choice}>
      <legend>Theme</legend>
      {THEME_CHOICES.map((value) => (
        <label key={value}>
          <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => themeChosen(value)} data-testid={`theme-${value}`} />
          {LABELS[value]}
        </label>
      ))}
    </fieldset>
  );
}
