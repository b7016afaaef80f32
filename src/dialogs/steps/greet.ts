import type { Middleware } from '../pipeline.ts';
import { isUpset } from './assess-mood.ts';
import { isOnlyPhrase } from '../phrases.ts';
import type { TurnContext } from '../turn-context.ts';

/**
 * Greets a new (calm) customer in the first reply. A message that only says hello gets a greeting back and an
 * invitation to ask, instead of a search of the articles.
 */
export const greet: Middleware<TurnContext> = async (ctx, next) => {
  if (!ctx.conversation.greeted) {
    // An upset customer gets the apology, not a cheerful welcome.
    if (!isUpset(ctx)) ctx.say('greeting', { meta: { kind: 'greeting' } });
    ctx.patch.greeted = true;
  }
  const greetings = ctx.services.catalog.phrases(ctx.language, 'greetings');
  if (ctx.input.kind === 'text' && isOnlyPhrase(ctx.input.text, greetings)) {
    ctx.say('greeting_reply', { meta: { kind: 'greeting' } });
    return;
  }
  await next();
};
