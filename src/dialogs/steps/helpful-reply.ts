import { LANGUAGES } from '../../core/language.ts';
import type { Choice } from '../../core/message.ts';
import type { LastQuestion } from '../../conversations/conversation.ts';
import { DEFAULT_THRESHOLDS } from '../../knowledge/decision.ts';
import { toAsciiDigits } from '../../language/digits.ts';
import type { PhraseKey } from '../message-catalog.ts';
import type { Middleware } from '../pipeline.ts';
import { containsPhrase, isOnlyPhrase } from '../phrases.ts';
import type { TurnContext } from '../turn-context.ts';
import { isUpset } from './assess-mood.ts';
import { choiceValue } from './resolve-choice.ts';

/** "That didn't help" counts for an answer given at most this long before (ms). */
export const FOLLOW_UP_MS = 30 * 60_000;
/** How many other articles a "no" offers. */
const OTHERS = 3;

/**
 * The customer's word on the last answer. While "did this help?" is open, a pressed Yes or No, a typed
 * yes or no in any of the languages (the whole message: "بله", "لا", "nope"), a lone 1 (yes) or 2 (no) for
 * channels that show the choices as a numbered list, or "that didn't help" anywhere in the message answer
 * it; any other message closes it and is handled as usual. Unasked, "that didn't help" soon after an answer
 * counts too. A yes is thanked for; a no is thanked for and offers the next step: the closest other
 * articles for the same question and a person, or a person alone (an upset customer gets what the mood
 * steps decide). A message that also asks for a person is left to that step.
 */
export const helpfulReply: Middleware<TurnContext> = async (ctx, next) => {
  const asked = ctx.conversation.lastQuestion;
  const open = asked?.helpfulOpen === true && asked.articleId !== undefined;
  if (open) ctx.patch.lastQuestion = { ...asked, helpfulOpen: false };
  if (ctx.input.kind === 'helpful' && !open) {
    ctx.say('choice_expired', { meta: { kind: 'notice' } });
    return;
  }
  const verdict = readVerdict(ctx, asked, open);
  if (!verdict || !asked?.articleId) return next();
  ctx.feedback = { articleId: asked.articleId, helpful: verdict.helpful, how: verdict.how };
  // Judged: neither a later "that didn't help" nor a request for a person is counted against this answer.
  ctx.patch.lastQuestion = { text: asked.text, at: asked.at };
  if (verdict.helpful) {
    ctx.say('helpful_thanks', { meta: { kind: 'notice' } });
    return;
  }
  ctx.patch.failedAnswers = ctx.conversation.failedAnswers + 1;
  ctx.say('helpful_sorry', { meta: { kind: 'notice' } });
  if (!isUpset(ctx)) {
    offerNextStep(ctx, asked);
    return;
  }
  // Upset: the later steps bring in (or offer) a person as the mood says; the articles are not searched.
  ctx.input = { kind: 'helpful', helpful: false };
  await next();
  const offered = ctx.replies.some((reply) => reply.choices?.length);
  if (!ctx.effects.escalate && !offered) offerNextStep(ctx, asked);
};

/** Whether the message judges the last answer, and how; undefined when it does not. */
function readVerdict(
  ctx: TurnContext,
  asked: LastQuestion | undefined,
  open: boolean,
): { helpful: boolean; how: 'vote' | 'said' } | undefined {
  const { input } = ctx;
  if (input.kind === 'helpful') return { helpful: input.helpful, how: 'vote' };
  if (input.kind !== 'text' || !asked?.articleId || asksForPerson(ctx, input.text)) return undefined;
  const text = input.text;
  if (open) {
    const digit = toAsciiDigits(text.trim());
    if (digit === '1' || anyLanguage(ctx, 'helpful_yes', (p) => isOnlyPhrase(text, p))) {
      return { helpful: true, how: 'vote' };
    }
    if (digit === '2' || anyLanguage(ctx, 'helpful_no', (p) => isOnlyPhrase(text, p))) {
      return { helpful: false, how: 'vote' };
    }
  }
  if (!anyLanguage(ctx, 'not_helpful', (p) => containsPhrase(text, p))) return undefined;
  if (open) return { helpful: false, how: 'vote' };
  const recent = ctx.services.clock.now() - asked.at <= FOLLOW_UP_MS;
  return recent ? { helpful: false, how: 'said' } : undefined;
}

function anyLanguage(
  ctx: TurnContext,
  key: PhraseKey,
  test: (phrases: readonly string[]) => boolean,
): boolean {
  return LANGUAGES.some((language) => test(ctx.services.catalog.phrases(language, key)));
}

function asksForPerson(ctx: TurnContext, text: string): boolean {
  return anyLanguage(ctx, 'person_requests', (phrases) => containsPhrase(text, phrases));
}

/** The closest other articles for the same question, with a person beside them; a person alone if none. */
function offerNextStep(ctx: TurnContext, asked: LastQuestion): void {
  const { knowledge, catalog } = ctx.services;
  const others = knowledge.index
    .search(asked.text, { language: ctx.language, limit: OTHERS + 1 })
    .filter((hit) => hit.article.id !== asked.articleId && hit.score >= DEFAULT_THRESHOLDS.abstain)
    .slice(0, OTHERS);
  const person: Choice = { label: catalog.text(ctx.language, 'person_choice'), value: choiceValue.person };
  const choices: Choice[] = [
    ...others.map((hit) => ({ label: hit.article.title, value: choiceValue.article(hit.article.id) })),
    person,
  ];
  ctx.say(others.length > 0 ? 'helpful_others' : 'offer_person', { choices, meta: { kind: 'notice' } });
  ctx.patch.lastChoices = choices;
}
