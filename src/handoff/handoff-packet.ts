import type { Language } from '../core/language.ts';
import type { ChannelName, CustomerRef } from '../core/message.ts';
import type { Mood, TranscriptEntry } from '../conversations/conversation.ts';

/** Why the bot stepped aside. */
export type EscalationReason =
  | 'customer-asked' // an explicit request for a person
  | 'anger' // the anger detector decided the customer is angry or frustrated
  | 'repeated-failure' // the bot failed to answer again and again
  | 'needs-person'; // the article says its topic needs a person

/** What the anger detector said, as the agent sees it. */
export type AngerAssessment = Omit<Mood, 'at'>;

/** Everything an agent needs to take over a conversation without asking the customer to repeat. */
export interface HandoffPacket {
  readonly conversationId: string;
  readonly channel: ChannelName;
  readonly customer: CustomerRef;
  readonly language: Language;
  readonly reasons: readonly EscalationReason[];
  readonly anger?: AngerAssessment;
  /** Answers in a row the bot could not give. */
  readonly failedAnswers: number;
  /** The articles the bot offered or answered with, most recent first. */
  readonly articlesOffered: readonly {
    readonly articleId: string;
    readonly title: string;
    readonly score?: number;
  }[];
  /** A short extractive summary: the customer's own key sentences. */
  readonly summary: string;
  /** The last messages of the transcript (the whole transcript stays in the conversation store). */
  readonly lastMessages: readonly TranscriptEntry[];
  /** Skills the ticket needs (routing). */
  readonly skills: readonly string[];
  /** Team whose agents and business hours apply. */
  readonly team: string;
  readonly requestedAt: number;
}
