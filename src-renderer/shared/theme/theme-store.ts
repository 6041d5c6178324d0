import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { PALETTES, type Theme } from './palette.js';

/** What the user picks: a theme, or to follow the system's `prefers-color-scheme`. */
export const THEME_CHOICES = ['light', 'dark', 'system'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const STORAGE_KEY = 'molam.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Where the store keeps the choice and reads the system's preference (the window's, in the app). */
export interface ThemeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  darkQuery: Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'> | undefined;
}

export interface ThemeState {
  choice: ThemeChoice;
  /** The system's preference, kept current while the store watches it. */
  system: Theme;
  themeChosen(choice: ThemeChoice): void;
  systemThemeChanged(theme: Theme): void;
}

export type ThemeStore = UseBoundStore<StoreApi<ThemeState>> & {
  /** Follows `prefers-color-scheme` changes until the returned function is called. */
  watchSystem(): () => void;
};

function readChoice(storage: ThemeEnvironment['storage']): ThemeChoice {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    return (THEME_CHOICES as readonly string[]).includes(stored ?? '') ? (stored as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/** A theme store over the given storage and media query (tests pass their own). */
export function createThemeStore(env: ThemeEnvironment): ThemeStore {
  const store = create<ThemeState>()((set) => ({
    choice: readChoice(env.storage),
    system: env.darkQuery?.matches ? 'dark' : 'light',
    themeChosen: (choice) => {
      try {
        env.storage?.setItem(STORAGE_KEY, choice);
      } catch {
        // storage unavailable: the choice lasts for this window only
      }
      set({ choice });
    },
    systemThemeChanged: (system) => set({ system }),
  }));
  const watchSystem = () => {
    const query = env.darkQuery;
    if (!query) return () => {};
    const listener = (event: { matches: boolean }) => store.getState().systemThemeChanged(event.matches ? 'dark' : 'light');
    // The preference may have changed between the store's creation and the first watch.
    listener(query);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  };
  return Object.assign(store, { watchSystem });
}

/** The theme in force: the user's choice, else the system's. */
export const resolveTheme = (state: Pick<ThemeState, 'choice' | 'system'>): Theme => (state.choice === 'system' ? state.system : state.choice);

function windowEnvironment(): ThemeEnvironment {
  let storage: ThemeEnvironment['storage'];
  try {
    storage = globalThis.localStorage;
  } catch {
    storage = undefined;
  }
  return { storage, darkQuery: globalThis.matchMedia?.(DARK_QUERY) };
}

const themeStore = createThemeStore(windowEnvironment());

export const useTheme = () => themeStore(resolveTheme);
export const useThemeChoice = () => themeStore((state) => state.choice);
export const useThemeChosen = () => themeStore((state) => state.themeChosen);
/** Follows the system's preference for as long as the caller keeps it (an effect's cleanup ends it). */
export const watchSystemTheme = () => themeStore.watchSystem();
/** The colour tokens of the theme in force (charts draw with them). */
export const usePalette = () => PALETTES[useTheme()];
