import type { UiLanguage } from '../shared/locale.ts';
import { ApiError } from './api.ts';

/**
 * What every section of the editor gets: the reader's language and a place for notices. Each section keeps
 * its own words (`<section>-words.ts`, the three languages checked by type) and translates with
 * `translator` from web/shared/locale.ts.
 */
export interface SectionContext {
  readonly language: UiLanguage;
  /** Shows a notice above the section (`error` in red). */
  readonly notify: (text: string, kind?: 'ok' | 'error') => void;
}

/** A section of the workspace: fills `root`; called again each time the reader opens it. */
export type Section = (root: HTMLElement, ctx: SectionContext) => Promise<void>;

/**
 * Runs an action; a failure is shown as a notice: `explain(code)` in the reader's words when the section
 * has words for it, else the server's message, with the code.
 */
export async function attempt(
  ctx: SectionContext,
  action: () => Promise<void>,
  explain: (code: string) => string | undefined = () => undefined,
): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message =
      error instanceof ApiError ? `${explain(error.code) ?? error.message} (${error.code})` : String(error);
    ctx.notify(message, 'error');
    return false;
  }
}
