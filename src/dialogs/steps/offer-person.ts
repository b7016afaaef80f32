import type { Choice } from '../../core/message.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';
import { toMood } from './assess-mood.ts';
import { choiceValue } from './resolve-choice.ts';

/**
 * After the answer: an angry customer is handed to a person at once (or offered one, as configured);
 * a customer the bot keeps failing, or who repeats the same question, is offered a person. Nobody is
 * offered twice in one turn.
 */
export const offerPerson: Middleware<TurnContext> = async (ctx, next) => {
  const mood = ctx.mood;
  const alreadyOffered = ctx.replies.some((r) => r.choices?.some((c) => c.value === choiceValue.person));
  const escalating = ctx.effects.escalate;
  if (mood?.level === 'angry' && escalating && !escalating.reasons.includes('anger')) {
    // Already on the way to a person (the topic needs one): the anger makes it more urgent.
    ctx.effects.escalate = {
      ...escalating,
      reasons: [...escalating.reasons, 'anger'],
      anger: ctx.patch.mood ?? toMood(mood, ctx.services.clock.now()),
    };
  } else if (escalating) {
    // Already on the way to a person.
  } else if (mood?.level === 'angry' && ctx.services.handoff && ctx.services.angerAction === 'handoff') {
    // A person is coming: an offer of one made earlier in this turn would only confuse.
    const offer = ctx.replies.findIndex((r) => r.choices?.some((c) => c.value === choiceValue.person));
    if (offer >= 0) ctx.replies.splice(offer, 1);
    ctx.effects.escalate = {
      reasons: ['anger'],
      anger: ctx.patch.mood ?? toMood(mood, ctx.services.clock.now()),
    };
    ctx.say('handoff_connecting', { meta: { kind: 'handoff' } });
    ctx.patch.lastChoices = undefined;
  } else if ((mood?.level === 'angry' || mood?.shouldOfferPerson) && !alreadyOffered) {
    const choices: Choice[] = [
      { label: ctx.services.catalog.text(ctx.language, 'person_choice'), value: choiceValue.person },
    ];
    ctx.say('offer_person', { choices, meta: { kind: 'notice' } });
    ctx.patch.lastChoices = choices;
  }
  await next();
};
