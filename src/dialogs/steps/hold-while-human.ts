import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/**
 * While a customer waits for a person or talks to one, the bot stays silent: the message is only recorded.
 * A closed conversation that the customer writes to again goes back to the bot.
 */
export const holdWhileHuman: Middleware<TurnContext> = async (ctx, next) => {
  const { state } = ctx.conversation;
  if (state === 'waiting' || state === 'agent') return;
  if (state === 'closed') ctx.patch.state = 'bot';
  await next();
};
