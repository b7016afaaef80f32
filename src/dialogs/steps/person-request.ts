import { LANGUAGES } from '../../core/language.ts';
import type { Middleware } from '../pipeline.ts';
import { containsPhrase } from '../phrases.ts';
import type { TurnContext } from '../turn-context.ts';

/**
 * Honours a request for a person at once, without arguing. With a human queue connected the conversation
 * is handed to it (the turn runner does it after the reply is stored); without one, the request is recorded
 * in the conversation's state and the customer is told plainly how to reach a person.
 */
export const personRequest: Middleware<TurnContext> = async (ctx, next) => {
  const { input } = ctx;
  // Asked in any of the languages: a Persian customer may well write "agent" or "موظف".
  const asked =
    input.kind === 'person' ||
    ctx.mood?.wantsPerson === true ||
    (input.kind === 'text' &&
      LANGUAGES.some((language) =>
        containsPhrase(input.text, ctx.services.catalog.phrases(language, 'person_requests')),
      ));
  if (!asked) return next();
  // What follows is a person's matter: the last answer is not asked or told about again.
  if (ctx.conversation.lastQuestion) ctx.patch.lastQuestion = undefined;
  if (ctx.services.handoff) {
    const angry = ctx.mood?.level === 'angry';
    ctx.effects.escalate = {
      reasons: angry ? ['customer-asked', 'anger'] : ['customer-asked'],
      ...(ctx.patch.mood && ctx.patch.mood.level !== 'calm' ? { anger: ctx.patch.mood } : {}),
    };
    ctx.say('handoff_connecting', { meta: { kind: 'handoff' } });
    return;
  }
  if (ctx.conversation.handoffRequest) {
    ctx.say('handoff_already', { meta: { kind: 'handoff' } });
    return;
  }
  const reason =
    ctx.input.kind === 'person' && ctx.conversation.failedAnswers > 0 ? 'no-answer' : 'customer-asked';
  ctx.patch.handoffRequest = { at: ctx.services.clock.now(), reason };
  ctx.say('handoff_recorded', { meta: { kind: 'handoff' } });
};
