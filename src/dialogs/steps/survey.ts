import { toAsciiDigits } from '../../language/digits.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/** The value of a rating choice: "#rate:1" to "#rate:5". */
export const ratingValue = (rating: number) => `#rate:${rating}`;

/** The longest comment kept with a rating (characters). */
const COMMENT_MAX = 1000;

/**
 * After a person resolved the chat the customer is asked to rate it from 1 to 5. A picked rating (or a bare
 * digit in any script, possibly followed by a comment: "۴ سریع بود") is recorded and thanked for; anything else closes the question and is handled as a
 * new message.
 */
export const survey: Middleware<TurnContext> = async (ctx, next) => {
  if (!ctx.conversation.surveyFor) return next();
  ctx.patch.surveyFor = undefined;
  const raw = ctx.message.text.trim();
  const text = toAsciiDigits(raw);
  const match = /^(?:#rate:)?([1-5])(?:$|[\s,.:;،\-–]+(\S[\s\S]*)$)/u.exec(text);
  if (!match) return next();
  ctx.effects.rating = Number(match[1]);
  const comment = match[2] ? raw.slice(raw.length - match[2].length).trim() : '';
  if (comment) ctx.effects.ratingComment = comment.slice(0, COMMENT_MAX);
  ctx.customerText =
    ctx.conversation.lastChoices?.find((c) => c.value === raw)?.label ?? (comment ? raw : text);
  ctx.say('survey_thanks', { meta: { kind: 'notice' } });
};
