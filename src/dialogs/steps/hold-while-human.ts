import { LANGUAGES } from '../../core/language.ts';
import type { Middleware } from '../pipeline.ts';
import { containsPhrase } from '../phrases.ts';
import type { TurnContext } from '../turn-context.ts';

/**
 * While a customer waits for a person or talks to one, the bot stays silent: the message is only recorded
 * (the agent sees it). A waiting customer may leave the line ("never mind", in any language), and the bot
 * takes the conversation back. A closed conversation that the customer writes to again goes back to the bot.
 */
export const holdWhileHuman: Middleware<TurnContext> = async (ctx, next) => {
  const { state } = ctx.conversation;
  if (state === 'waiting') {
    const text = ctx.message.text.trim();
    const picked = ctx.conversation.lastChoices?.find((choice) => choice.value === text);
    if (picked) ctx.customerText = picked.label;
    const cancels = LANGUAGES.some((language) =>
      containsPhrase(text, ctx.services.catalog.phrases(language, 'cancel_requests')),
    );
    if (cancels) {
      ctx.effects.cancelWait = true;
      ctx.patch.state = 'bot';
      ctx.say('wait_cancelled', { meta: { kind: 'handoff' } });
    }
    return;
  }
  if (state === 'agent') return;
  if (state === 'closed') ctx.patch.state = 'bot';
  await next();
};
