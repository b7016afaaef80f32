import type { UiLanguage } from '../shared/locale.ts';
import { ApiError } from './api.ts';
import type { WordKey } from './words.ts';

/** What every section of the console gets: words, the reader's language and a place for notices. */
export interface ViewContext {
  readonly language: UiLanguage;
  readonly t: (key: WordKey, values?: Readonly<Record<string, string | number>>) => string;
  /** Shows a notice above the section (`error` in red). */
  readonly notify: (text: string, kind?: 'ok' | 'error') => void;
}

/** Runs an action; a failure is shown as a notice with the server's message. */
export async function attempt(ctx: ViewContext, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
    ctx.notify(ctx.t('error', { message }), 'error');
    return false;
  }
}
