import { create, type StoreApi, type UseBoundStore } from 'zustand';

/** The languages the console has catalogs for; `pseudo` is the test locale built from the English catalog. */
export const LOCALES = ['en', 'fr', 'pseudo'] as const;
export type Locale = (typeof LOCALES)[number];

/** What the user picks in Settings: a language, or to follow the system's. `pseudo` is only set by tests. */
export const LANGUAGE_CHOICES = ['system', 'fr', 'en'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number] | 'pseudo';

const STORAGE_KEY = 'molam.language';
const STORED_CHOICES: readonly string[] = [...LANGUAGE_CHOICES, 'pseudo'];

/** Where the store keeps the choice and reads the system's languages (the window's, in the app). */
export interface LanguageEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** The system's preferred languages, most preferred first (`navigator.languages`). */
  systemLanguages(): readonly string[];
  /** Calls `listener` when the system's languages change, until the returned function is called. */
  onSystemChange(listener: () => void): () => void;
}

export interface LanguageState {
  choice: LanguageChoice;
  system: Locale;
  languageChosen(choice: LanguageChoice): void;
  systemLanguageChanged(locale: Locale): void;
}

export type LanguageStore = UseBoundStore<StoreApi<LanguageState>> & {
  /** Follows the system's language changes until the returned function is called. */
  watchSystem(): () => void;
};

/** French when the system's first language is French, else English. */
export function systemLocale(languages: readonly string[]): Locale {
  return languages[0]?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function readChoice(storage: LanguageEnvironment['storage']): LanguageChoice {
  try {
    const stored = storage?.getItem(STORAGE_KEY) ?? '';
    return STORED_CHOICES.includes(stored) ? (stored as LanguageChoice) : 'system';
  } catch {
    return 'system';
  }
}

/** A language store over the given storage and system languages (tests pass their own). */
export function createLanguageStore(env: LanguageEnvironment): LanguageStore {
  const store = create<LanguageState>()((set) => ({
    choice: readChoice(env.storage),
    system: systemLocale(env.systemLanguages()),
    languageChosen: (choice) => {
      try {
        env.storage?.setItem(STORAGE_KEY, choice);
      } catch {
        // storage unavailable: the choice lasts for this window only
      }
      set({ choice });
    },
    systemLanguageChanged: (system) => set({ system }),
  }));
  const watchSystem = () => {
    const listener = () => store.getState().systemLanguageChanged(systemLocale(env.systemLanguages()));
    listener();
    return env.onSystemChange(listener);
  };
  return Object.assign(store, { watchSystem });
}

/** The locale in force: the user's choice, else the system's. */
export const resolveLocale = (state: Pick<LanguageState, 'choice' | 'system'>): Locale => (state.choice === 'system' ? state.system : state.choice);

function windowEnvironment(): LanguageEnvironment {
  let storage: LanguageEnvironment['storage'];
  try {
    storage = globalThis.localStorage;
  } catch {
    storage = undefined;
  }
  return {
    storage,
    systemLanguages: () => globalThis.navigator?.languages ?? [],
    onSystemChange: (listener) => {
      globalThis.addEventListener?.('languagechange', listener);
      return () => globalThis.removeEventListener?.('languagechange', listener);
    },
  };
}

export const languageStore = createLanguageStore(windowEnvironment());

export const useLocale = () => languageStore(resolveLocale);
export const useLanguageChoice = () => languageStore((state) => state.choice);
export const useLanguageChosen = () => languageStore((state) => state.languageChosen);
/** Follows the system's languages for as long as the caller keeps it (an effect's cleanup ends it). */
export const watchSystemLanguage = () => languageStore.watchSystem();
/** The locale in force, for code outside React (notices raised by mutations). */
export const currentLocale = (): Locale => resolveLocale(languageStore.getState());
