import { detectLanguage } from '../../language/detect.ts';
import { tokenize } from '../../language/tokenize.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/** Below this confidence a detection does not move a conversation away from the language it already has. */
const SWITCH_CONFIDENCE = 0.85;
/** Below this confidence a new conversation follows the channel's weaker preference (the page's language). */
const TRUST_CONFIDENCE = 0.7;
/** Messages shorter than this (in words) never move a conversation to another language. */
const SWITCH_MIN_WORDS = 3;

/**
 * Decides the language of the turn: the channel's hint wins; otherwise the conversation keeps its language
 * unless the customer clearly writes in another one; a new conversation takes what the text shows, or the
 * channel's preference when the text is not clear (a bare "سلام" on an Arabic page is Arabic).
 */
export const chooseLanguage: Middleware<TurnContext> = async (ctx, next) => {
  const { message, conversation } = ctx;
  const current = conversation.language;
  const preference = message.languagePreference;
  let language = message.languageHint ?? current;
  if (!message.languageHint && ctx.input.kind === 'text') {
    const tieBreak = (current ?? preference) === 'ar' ? 'ar' : 'fa';
    const detected = detectLanguage(ctx.input.text, { tieBreak });
    if (!current) {
      language =
        detected && (detected.confidence >= TRUST_CONFIDENCE || !preference) ? detected.language : preference;
    } else if (
      detected &&
      detected.language !== current &&
      detected.confidence >= SWITCH_CONFIDENCE &&
      tokenize(ctx.input.text).length >= SWITCH_MIN_WORDS
    ) {
      language = detected.language;
    }
  }
  ctx.language = language ?? ctx.services.defaultLanguage;
  if (ctx.language !== current) ctx.patch.language = ctx.language;
  await next();
};
