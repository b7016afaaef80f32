import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/**
 * A file from the customer. The bot reads text only and does not pretend otherwise: the file stays in the
 * transcript (its note and the platform's payload) where an agent sees it, and the customer is told so
 * plainly. While a person has the chat, the bot says nothing.
 */
export const attachments: Middleware<TurnContext> = async (ctx, next) => {
  if (!ctx.message.attachments || ctx.message.attachments.length === 0) return next();
  const { state } = ctx.conversation;
  if (state === 'agent') return;
  ctx.language = ctx.conversation.language ?? ctx.message.languagePreference ?? ctx.services.defaultLanguage;
  ctx.say(state === 'waiting' ? 'attachment_for_agent' : 'attachment_received', { meta: { kind: 'notice' } });
};
