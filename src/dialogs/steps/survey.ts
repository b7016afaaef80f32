import { toAsciiDigits } from '../../language/digits.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/** The value of a rating choice: "#rate:1" to "#rate:5". */
export const ratingValue = (rating: number) => `#rate:${rating}`;

/**
 * After a person resolved the chat the customer is asked to rate it from 1 to 5. A picked rating (or a bare
 * digit in any script) is recorded and thanked for; anything else closes the question and is handled as a
 * new message.
 */
export const survey: Middleware<TurnContext> = async (ctx, next) => {
  if (!ctx.conversation.surveyFor) return next();
  ctx.patch.surveyFor = undefined;
  const text = toAsciiDigits(ctx.message.text.trim());
  const match = /^(?:#rate:)?([1-5])$/.exec(text);
  if (!match) return next();
  ctx.effects.rating = Number(match[1]);
  ctx.customerText =
    ctx.conversation.lastChoices?.find((c) => c.value === ctx.message.text.trim())?.label ?? text;
  ctx.say('survey_thanks', { meta: { kind: 'notice' } });
};
