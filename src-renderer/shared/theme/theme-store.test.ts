import { describe, expect, it } from 'vitest';
import { createThemeStore, resolveTheme, type ThemeEnvironment } from './theme-store.js';

/** An in-memory `localStorage`, shared by the "restarts" of one test. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

/** A `prefers-color-scheme: dark` query whose answer the test changes, as the OS would. */
function systemScheme(dark: boolean) {
  const listeners = new Set<(event: { matches: boolean }) => void>();
  const query = {
    matches: dark,
    addEventListener: (_type: string, listener: (event: { matches: boolean }) => void) => void listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: { matches: boolean }) => void) => void listeners.delete(listener),
    osSwitched(toDark: boolean) {
      query.matches = toDark;
      for (const listener of listeners) listener({ matches: toDark });
    },
    listeners,
  };
  return query;
}

const env = (storage: ReturnType<typeof memoryStorage>, query: ReturnType<typeof systemScheme>) =>
  ({ storage, darkQuery: query }) as unknown as ThemeEnvironment;

describe('the theme store', () => {
  it('follows the system when nothing was chosen, and a stored value it does not know counts as nothing', () => {
    const store = createThemeStore(env(memoryStorage({ 'molam.theme': 'sepia' }), systemScheme(true)));
    expect(store.getState().choice).toBe('system');
    expect(resolveTheme(store.getState())).toBe('dark');
  });

  it('remembers each of the three choices across a restart', () => {
    const storage = memoryStorage();
    for (const choice of ['dark', 'light', 'system'] as const) {
      createThemeStore(env(storage, systemScheme(false))).getState().themeChosen(choice);
      expect(createThemeStore(env(storage, systemScheme(false))).getState().choice).toBe(choice);
    }
  });

  it('switches live with the system while following it, and ignores the system once a theme is chosen', () => {
    const query = systemScheme(false);
    const store = createThemeStore(env(memoryStorage(), query));
    const stop = store.watchSystem();
    expect(resolveTheme(store.getState())).toBe('light');
    query.osSwitched(true);
    expect(resolveTheme(store.getState())).toBe('dark');

    store.getState().themeChosen('light');
    query.osSwitched(true);
    expect(resolveTheme(store.getState())).toBe('light');

    store.getState().themeChosen('system');
    expect(resolveTheme(store.getState())).toBe('dark');
    stop();
    expect(query.listeners.size).toBe(0);
  });

  it('reads the system preference again when it starts watching (it may have changed since the start)', () => {
    const query = systemScheme(false);
    const store = createThemeStore(env(memoryStorage(), query));
    query.matches = true;
    store.watchSystem();
    expect(resolveTheme(store.getState())).toBe('dark');
  });

  it('keeps the choice for the window when the storage refuses to write', () => {
    const refusing = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const store = createThemeStore({ storage: refusing, darkQuery: undefined });
    store.getState().themeChosen('dark');
    expect(resolveTheme(store.getState())).toBe('dark');
  });
});
