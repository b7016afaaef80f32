import type { Choice } from '../../core/message.ts';
import type { SearchHit } from '../../knowledge/article.ts';
import { DEFAULT_THRESHOLDS, decide } from '../../knowledge/decision.ts';
import type { Middleware } from '../pipeline.ts';
import type { TurnContext } from '../turn-context.ts';
import { isUpset } from './assess-mood.ts';
import { choiceValue } from './resolve-choice.ts';

/** How many articles are offered when the bot is not sure (the decision's own number of choices). */
const CHOICES = DEFAULT_THRESHOLDS.choices;
/** The longest question the conversation remembers (characters). */
const QUESTION_KEPT = 200;

/**
 * Answers from the best article when confident, offers the closest articles when not, and says plainly that
 * it has no answer (offering a person) when nothing fits. It never writes an answer of its own.
 */
export const answerFromKnowledge: Middleware<TurnContext> = async (ctx, next) => {
  const { input, services } = ctx;
  if (input.kind === 'article') {
    const article = services.knowledge.article(ctx.language, input.articleId);
    if (article) {
      answer(ctx, { article, score: 1 });
      // The answer is to the question the choices were offered for.
      const asked = ctx.conversation.lastQuestion?.text;
      if (asked) remember(ctx, asked, article.id);
    } else ctx.say('choice_expired', { meta: { kind: 'notice' } });
    return;
  }
  if (input.kind === 'none-of-these') {
    noAnswer(ctx);
    return;
  }
  if (input.kind !== 'text') return next();

  const hits = services.knowledge.index.search(input.text, { language: ctx.language, limit: CHOICES });
  const decision = decide(hits);
  ctx.decision = decision.kind === 'none' ? 'abstain' : decision.kind;
  remember(ctx, input.text, decision.kind === 'answer' ? decision.hit.article.id : undefined);
  if (decision.kind === 'answer') {
    answer(ctx, decision.hit);
  } else if (decision.kind === 'clarify' && isUpset(ctx)) {
    // No quiz for an upset customer: the next step brings in (or offers) a person.
    ctx.patch.failedAnswers = ctx.conversation.failedAnswers + 1;
    if (ctx.mood && ctx.mood.level !== 'angry') ctx.mood = { ...ctx.mood, shouldOfferPerson: true };
  } else if (decision.kind === 'clarify') {
    const shown = decision.hits.slice(0, CHOICES);
    const choices: Choice[] = shown.map((hit) => ({
      label: hit.article.title,
      value: choiceValue.article(hit.article.id),
    }));
    choices.push({
      label: services.catalog.text(ctx.language, 'none_of_these'),
      value: choiceValue.noneOfThese,
    });
    ctx.say('clarify', {
      choices,
      meta: { kind: 'clarify', candidates: shown.map((h) => ({ articleId: h.article.id, score: h.score })) },
    });
    ctx.patch.lastChoices = choices;
  } else {
    noAnswer(ctx, hits);
  }
  await next();
};

function answer(ctx: TurnContext, hit: SearchHit): void {
  ctx.replies.push({
    text: hit.article.body,
    meta: { kind: 'answer', articleId: hit.article.id, score: hit.score },
  });
  ctx.patch.failedAnswers = 0;
  if (hit.article.needsPerson && ctx.services.handoff) {
    // The article answers what it can; the rest needs a person with the right skills.
    ctx.effects.escalate = { reasons: ['needs-person'], skills: hit.article.skills ?? [] };
    ctx.say('handoff_connecting', { meta: { kind: 'handoff' } });
  }
}

/** The conversation remembers the question (and the article that answered it) for what the customer says next. */
function remember(ctx: TurnContext, text: string, articleId: string | undefined): void {
  ctx.patch.lastQuestion = {
    text: text.trim().slice(0, QUESTION_KEPT),
    at: ctx.services.clock.now(),
    ...(articleId ? { articleId } : {}),
  };
}

function noAnswer(ctx: TurnContext, hits: readonly SearchHit[] = []): void {
  ctx.say('no_answer', {
    meta: { kind: 'no-answer', candidates: hits.map((h) => ({ articleId: h.article.id, score: h.score })) },
  });
  const choices: Choice[] = [
    { label: ctx.services.catalog.text(ctx.language, 'person_choice'), value: choiceValue.person },
  ];
  ctx.say('offer_person', { choices, meta: { kind: 'notice' } });
  ctx.patch.lastChoices = choices;
  ctx.patch.failedAnswers = ctx.conversation.failedAnswers + 1;
}
