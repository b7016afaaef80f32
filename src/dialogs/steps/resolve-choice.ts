import type { TurnContext, TurnInput } from '../turn-context.ts';
import type { Middleware } from '../pipeline.ts';

/** Values of the choices the bot offers; a picked choice comes back as the customer's message text. */
export const choiceValue = {
  article: (articleId: string) => `#article:${articleId}`,
  person: '#person',
  noneOfThese: '#none',
  /** The answers to "did this help?". */
  helpful: (helpful: boolean) => (helpful ? '#helpful:yes' : '#helpful:no'),
} as const;

/**
 * Turns a picked choice back into what it means, and shows its label (not its value) in the transcript.
 */
export const resolveChoice: Middleware<TurnContext> = async (ctx, next) => {
  const text = ctx.message.text.trim();
  const offered = ctx.conversation.lastChoices?.find((choice) => choice.value === text);
  const input = parseChoice(text);
  if (input) {
    ctx.input = input;
    ctx.customerText = offered?.label ?? text;
  }
  ctx.patch.lastChoices = undefined;
  await next();
};

function parseChoice(text: string): TurnInput | undefined {
  if (text === choiceValue.person) return { kind: 'person' };
  if (text === choiceValue.noneOfThese) return { kind: 'none-of-these' };
  if (text === choiceValue.helpful(true)) return { kind: 'helpful', helpful: true };
  if (text === choiceValue.helpful(false)) return { kind: 'helpful', helpful: false };
  const article = /^#article:([a-z0-9-]+)$/.exec(text);
  if (article?.[1]) return { kind: 'article', articleId: article[1] };
  return undefined;
}
