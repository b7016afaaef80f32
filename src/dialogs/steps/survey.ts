import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';
import { parseRatingReply } from './rating-reply.ts';

/** The longest comment kept with a rating (characters). */
const COMMENT_MAX = 1000;

/**
 * After a person resolved the chat the customer is asked to rate it from 1 to 5. A reply that is a rating
 * (a picked button, a lone digit in any script or a number word, optionally with a comment after a
 * separator: "۴، سریع بود"; see rating-reply.ts) is recorded and thanked for; anything else ("3 items were
 * missing") closes the question and is handled as a new message.
 */
export const survey: Middleware<TurnContext> = async (ctx, next) => {
  if (!ctx.conversation.surveyFor) return next();
  ctx.patch.surveyFor = undefined;
  const raw = ctx.message.text.trim();
  const reply = parseRatingReply(raw);
  if (!reply) return next();
  ctx.effects.rating = reply.rating;
  if (reply.comment) ctx.effects.ratingComment = reply.comment.slice(0, COMMENT_MAX);
  ctx.customerText = ctx.conversation.lastChoices?.find((c) => c.value === raw)?.label ?? raw;
  ctx.say('survey_thanks', { meta: { kind: 'notice' } });
};
