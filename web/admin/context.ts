import type { UiLanguage } from '../shared/locale.ts';
import { ApiError } from './api.ts';
import { WORDS, type WordKey } from './words.ts';

/** What every section of the console gets: words, the reader's language and a place for notices. */
export interface ViewContext {
  readonly language: UiLanguage;
  readonly t: (key: WordKey, values?: Readonly<Record<string, string | number>>) => string;
  /** Shows a notice above the section (`error` in red). */
  readonly notify: (text: string, kind?: 'ok' | 'error') => void;
}

/**
 * Runs an action; a failure is shown as a notice: in the reader's words when the console has words for its
 * code (`err_<CODE>`), else with the server's message, and the code.
 */
export async function attempt(ctx: ViewContext, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message = error instanceof ApiError ? `${explain(ctx, error)} (${error.code})` : String(error);
    ctx.notify(ctx.t('error', { message }), 'error');
    return false;
  }
}

function explain(ctx: ViewContext, error: ApiError): string {
  const key = `err_${error.code}`;
  return key in WORDS.en ? ctx.t(key as WordKey) : error.message;
}
