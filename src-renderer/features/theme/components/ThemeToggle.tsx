import { useTheme, useThemeToggled } from '../../../shared/theme/theme-store.js';
import '../theme.css';

/** Switches between the light and dark themes; the label says which one it switches to. */
export function ThemeToggle() {
  const theme = useTheme();
  const themeToggled = useThemeToggled();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="theme-toggle" data-testid="theme-toggle" data-theme-current={theme} aria-label={`Switch to the ${next} theme`} onClick={themeToggled}>
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span> {next === 'dark' ? 'Dark theme' : 'Light theme'}
    </button>
  );
}
