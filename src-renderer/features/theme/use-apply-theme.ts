import { useEffect, useLayoutEffect } from 'react';
import { PALETTES } from '../../shared/theme/palette.js';
import { useTheme, watchSystemTheme } from '../../shared/theme/theme-store.js';

/**
 * Puts the theme in force on the root element: `data-theme` (what CSS and tests read),
 * `color-scheme` (form controls, scrollbars) and the palette as CSS custom properties. While the
 * user follows the system, a change of `prefers-color-scheme` switches the theme at once.
 */
export function useApplyTheme(): void {
  const theme = useTheme();
  useEffect(() => watchSystemTheme(), []);
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset['theme'] = theme;
    root.style.colorScheme = theme;
    for (const [token, value] of Object.entries(PALETTES[theme])) root.style.setProperty(`--${token}`, value);
  }, [theme]);
}
