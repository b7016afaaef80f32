import type { Choice } from '../../core/message.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';
import { choiceValue } from './resolve-choice.ts';

/**
 * Wraps the steps that answer (it runs after them, whichever of them ends the turn): after an answer, asks "did this help?" with Yes and No, in the customer's language. Not
 * when the turn hands the chat to a person or already offers choices, and not again within the gap after
 * the last time it asked (answers in a row are not each asked about). The question stays open until the
 * customer's next message (steps/helpful-reply.ts).
 */
export const askHelpful: Middleware<TurnContext> = async (ctx, next) => {
  await next();
  const gap = ctx.services.helpfulGapMs;
  if (gap === undefined) return;
  const answered = ctx.replies.some((reply) => reply.meta.kind === 'answer' && reply.meta.articleId);
  const question = ctx.patch.lastQuestion;
  if (!answered || !question?.articleId) return;
  if (ctx.effects.escalate || ctx.replies.some((reply) => reply.choices?.length)) return;
  const now = ctx.services.clock.now();
  const last = ctx.conversation.helpfulAskedAt;
  if (last !== undefined && now - last < gap) return;
  const { catalog } = ctx.services;
  const choices: Choice[] = [
    { label: catalog.text(ctx.language, 'helpful_yes_choice'), value: choiceValue.helpful(true) },
    { label: catalog.text(ctx.language, 'helpful_no_choice'), value: choiceValue.helpful(false) },
  ];
  ctx.say('helpful_question', { choices, meta: { kind: 'notice' } });
  ctx.patch.lastChoices = choices;
  ctx.patch.helpfulAskedAt = now;
  ctx.patch.lastQuestion = { ...question, helpfulOpen: true };
};
