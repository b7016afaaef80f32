import type { Language } from '../core/language.ts';
import type { CommittedTurn } from '../dialogs/dialog-observer.ts';
import type { TurnResult } from '../dialogs/dialog-engine.ts';
import { FOLLOW_UP_MS } from '../dialogs/steps/helpful-reply.ts';

/** Ways a question fails, as the inbox counts them. */
export const UNANSWERED_KINDS = [
  /** The bot had no answer. */
  'no-answer',
  /** The bot offered choices and the customer chose "none of these". */
  'none-of-these',
  /** An answer, then a request for a person in the same conversation. */
  'answered-then-person',
  /** An answer, then "that didn't help" typed unasked. */
  'answered-then-not-helpful',
  /** An answer, then No to "did this help?". */
  'answered-then-unhelpful-vote',
] as const;
export type UnansweredKind = (typeof UNANSWERED_KINDS)[number];

/** One failed question, as the inbox keeps it. */
export interface Unanswered {
  readonly kind: UnansweredKind;
  readonly language: Language;
  readonly at: number;
  /** The customer's question as they typed it (at most 200 characters). */
  readonly question: string;
  /** The article the bot gave, for the kinds that follow an answer. */
  readonly articleId?: string;
  /** Kept to count customers and to erase a customer's data; never shown to editors. */
  readonly conversationId: string;
  /** `<channel>:<customer id>`, for the count of distinct customers. */
  readonly customer: string;
}

/** A Yes or No to "did this help?" about one article. */
export interface HelpfulVote {
  readonly language: Language;
  readonly articleId: string;
  readonly helpful: boolean;
  readonly at: number;
}

/** The longest question kept (characters), as the conversation keeps it. */
const QUESTION_MAX = 200;

/**
 * What a stored turn says about a question that failed, if anything: a no-answer to a typed question, "none
 * of these" to the choices (the question they were offered for), a No or "that didn't help" about the last
 * answer, or a request for a person within `followUpMs` of an answer (the question that answer was for).
 * Only turns the bot handled count (not while a person has the chat).
 */
export function unansweredOf(turn: CommittedTurn, followUpMs = FOLLOW_UP_MS): Unanswered | undefined {
  const { conversation, result, at } = turn;
  if (conversation.state !== 'bot' && conversation.state !== 'closed') return undefined;
  const before = conversation.lastQuestion;
  const fact = (kind: UnansweredKind, question: string | undefined, articleId?: string) => {
    const text = question?.trim().slice(0, QUESTION_MAX) ?? '';
    if (text === '') return undefined;
    return {
      kind,
      language: result.language,
      at,
      question: text,
      ...(articleId ? { articleId } : {}),
      conversationId: conversation.id,
      customer: `${conversation.channel}:${conversation.customerId}`,
    };
  };
  if (result.input === 'text' && result.replies.some((reply) => reply.meta.kind === 'no-answer')) {
    return fact('no-answer', result.patch.lastQuestion?.text ?? result.customerText);
  }
  if (result.input === 'none-of-these') return fact('none-of-these', before?.text);
  const feedback = result.feedback;
  if (feedback && !feedback.helpful) {
    const kind = feedback.how === 'vote' ? 'answered-then-unhelpful-vote' : 'answered-then-not-helpful';
    return fact(kind, before?.text, feedback.articleId);
  }
  if (personAsked(result) && before?.articleId && at - before.at <= followUpMs) {
    return fact('answered-then-person', before.text, before.articleId);
  }
  return undefined;
}

/** The customer's Yes or No to "did this help?" in this turn, if they gave one. */
export function voteOf(turn: CommittedTurn): HelpfulVote | undefined {
  const feedback = turn.result.feedback;
  if (!feedback || feedback.how !== 'vote') return undefined;
  return {
    language: turn.result.language,
    articleId: feedback.articleId,
    helpful: feedback.helpful,
    at: turn.at,
  };
}

/** Whether the customer asked for a person in this turn (with a human queue or without one). */
function personAsked(result: TurnResult): boolean {
  return (
    result.effects.escalate?.reasons.includes('customer-asked') === true ||
    result.patch.handoffRequest !== undefined
  );
}
