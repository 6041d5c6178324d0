import { create } from 'zustand';
import { PALETTES, type Theme } from './palette.js';

const STORAGE_KEY = 'molam.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme the user chose, or null to follow the system's preference. */
function readChoice(): Theme | null {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return globalThis.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

interface ThemeState {
  choice: Theme | null;
  system: Theme;
  themeToggled(): void;
  systemThemeChanged(theme: Theme): void;
}

const useThemeStore = create<ThemeState>()((set, get) => ({
  choice: readChoice(),
  system: systemTheme(),
  themeToggled: () => {
    const next: Theme = resolve(get()) === 'dark' ? 'light' : 'dark';
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // storage unavailable: the choice lasts for this window only
    }
    set({ choice: next });
  },
  systemThemeChanged: (system) => set({ system }),
}));

const resolve = (state: Pick<ThemeState, 'choice' | 'system'>): Theme => state.choice ?? state.system;

/** The theme in force: the user's choice, else the system's. */
export const useTheme = () => useThemeStore(resolve);
export const useThemeToggled = () => useThemeStore((state) => state.themeToggled);
export const useSystemThemeChanged = () => useThemeStore((state) => state.systemThemeChanged);
/** The colour tokens of the theme in force (charts draw with them). */
export const usePalette = () => PALETTES[useTheme()];

/** Follows the system's preference while the user has not chosen. */
export function watchSystemTheme(onChange: (theme: Theme) => void): () => void {
  const query = globalThis.matchMedia?.(DARK_QUERY);
  if (!query) return () => {};
  const listener = (event: MediaQueryListEvent) => onChange(event.matches ? 'dark' : 'light');
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
