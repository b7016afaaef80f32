import type { Mood } from '../../conversations/conversation.ts';
import type { TurnAssessment } from '../../sentiment/detector.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';

/** Earlier customer messages the detector sees (trend, repetition). */
const HISTORY = 6;

/**
 * Reads the customer's mood with the anger detector (this message in its conversation) and keeps it with
 * the conversation. An angry customer hears a short apology first, a frustrated one an acknowledgement;
 * later steps skip the greeting and the clarifying quiz for them and bring in a person.
 */
export const assessMood: Middleware<TurnContext> = async (ctx, next) => {
  const detector = ctx.services.anger;
  if (!detector || ctx.input.kind !== 'text') return next();
  const history = ctx.recent
    .filter((entry) => entry.author.kind === 'customer')
    .slice(-HISTORY)
    .map((entry) => entry.text);
  const mood = detector.assessTurn(history, ctx.input.text, ctx.language, {
    failedAnswers: ctx.conversation.failedAnswers,
  });
  ctx.mood = mood;
  ctx.patch.mood = toMood(mood, ctx.services.clock.now());
  if (mood.level === 'angry') ctx.say('apology', { meta: { kind: 'notice' } });
  else if (mood.level === 'annoyed') ctx.say('acknowledge', { meta: { kind: 'notice' } });
  await next();
};

/** Whether the customer is upset enough that the bot skips pleasantries and quizzes. */
export function isUpset(ctx: TurnContext): boolean {
  return ctx.mood !== undefined && ctx.mood.level !== 'calm';
}

/** The detector's verdict as it is stored and shown to agents: evidence grouped by signal. */
export function toMood(assessment: Pick<TurnAssessment, 'level' | 'score' | 'reasons'>, at: number): Mood {
  const bySignal = new Map<string, string[]>();
  for (const reason of assessment.reasons) {
    if (reason.weight <= 0 && reason.signal !== 'deescalation') continue;
    const list = bySignal.get(reason.signal) ?? [];
    if (!list.includes(reason.evidence)) list.push(reason.evidence);
    bySignal.set(reason.signal, list);
  }
  return {
    level: assessment.level,
    score: Math.round(assessment.score * 100) / 100,
    reasons: [...bySignal].map(([signal, evidence]) => ({ signal, evidence })),
    at,
  };
}
