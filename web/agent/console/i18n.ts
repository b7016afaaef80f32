/**
 * The console's language: the agent's choice (remembered in this browser), else the browser's language
 * when it is Persian or Arabic, else English. Words come from the three catalogs through the shared
 * translator (web/shared/locale.ts); numbers and times in the reader's digits and calendar.
 */
import {
  applyLanguage,
  formatDateTime,
  formatNumber,
  isUiLanguage,
  translator,
  type UiLanguage,
} from '../../shared/locale.ts';
import { AR } from './catalogs/ar.ts';
import { EN, type ConsoleKey } from './catalogs/en.ts';
import { FA } from './catalogs/fa.ts';

export type { ConsoleKey } from './catalogs/en.ts';

const STORAGE_KEY = 'hamdel.console.language';

function chosenLanguage(): UiLanguage {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(saved)) return saved;
  } catch {
    // storage blocked: fall through to the browser's language
  }
  const browser = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return isUiLanguage(browser) ? browser : 'en';
}

/** The console's language for this page load. */
export const UI: UiLanguage = chosenLanguage();

export const t = translator<ConsoleKey>({ en: EN, fa: FA, ar: AR }, UI);

/** The page's `<html lang dir>` for the console's language. */
export function applyConsoleLanguage(): void {
  applyLanguage(document.documentElement, UI);
}

/** Remembers the agent's choice and lays the console out again in it. */
export function chooseLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered; this load still switches
  }
  window.location.reload();
}

/** A number in the console's digits. */
export function num(value: number, options?: Intl.NumberFormatOptions): string {
  return formatNumber(value, UI, options);
}

/** A clock time ("14:05"), with the day when it is not today, in the console's calendar and digits. */
export function clockTime(at: number, now: number = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return formatDateTime(
    at,
    UI,
    sameDay ? { timeStyle: 'short' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  );
}

/** A day and time, in the console's calendar ("۱۶ آذر ۱۴۰۵، ۱۴:۰۵"). */
export function dateTime(at: number): string {
  return formatDateTime(at, UI);
}
