/**
 * The reader's choice of language on a console page (admin, supervisor): remembered in the browser, and the
 * picker that changes it. Without a choice the browser's languages decide (`preferredLanguage`).
 */
import { select } from './dom-builder.ts';
import { isUiLanguage, preferredLanguage, UI_LANGUAGES, type UiLanguage } from './locale.ts';

/** The language to start in: the one chosen before on this page, else the browser's. */
export function startingLanguage(storageKey: string): UiLanguage {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(storageKey);
  } catch {
    // storage refused (a private window): no remembered choice
  }
  return preferredLanguage(saved, navigator.languages ?? [navigator.language]);
}

/**
 * A `<select>` of the three languages, each named in itself; picking one remembers it under `storageKey`
 * and calls `onPick`.
 */
export function languagePicker(
  name: string,
  names: Readonly<Record<UiLanguage, string>>,
  current: UiLanguage,
  storageKey: string,
  onPick: (language: UiLanguage) => void,
): HTMLSelectElement {
  const picker = select(
    name,
    UI_LANGUAGES.map((language) => [language, names[language]]),
    current,
  );
  picker.addEventListener('change', () => {
    if (!isUiLanguage(picker.value)) return;
    try {
      localStorage.setItem(storageKey, picker.value);
    } catch {
      // a private window: the choice lasts for this page only
    }
    onPick(picker.value);
  });
  return picker;
}
