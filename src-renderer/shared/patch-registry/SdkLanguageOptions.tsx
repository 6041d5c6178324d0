import { SDK_LANGUAGES } from '../../../src-shared/patch-format.js';

/** The SDK languages as a select's options (language names are shown as written, not translated). */
export function SdkLanguageOptions() {
  return (
    <>
      {SDK_LANGUAGES.map((language) => (
        <option key={language} value={language} data-i18n-data>
          {language}
        </option>
      ))}
    </>
  );
}
