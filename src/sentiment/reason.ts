/**
 * Why the detector decided what it decided: one reason per signal that fired. Stored with the
 * conversation and shown to the agent, so evidence is always the customer's own words.
 */

/** Message signals first, then the conversation-level ones. */
export const SIGNALS = [
  'anger', // anger and frustration words ("furious", "افتضاح", "زفت")
  'frustration', // service-failure phrases ("still not received", "هنوز نرسیده", "ليش ما حد يرد")
  'insult', // insults and profanity
  'threat', // threats to leave, cancel, complain publicly or go to court
  'shouting', // words in capitals
  'punctuation', // "!!!", "؟؟؟", "?!"
  'emoji', // 😡 🤬 🙄 ...
  'stretched', // a word of exasperation stretched out ("whyyy", "چراااا", "لييييه")
  'sarcasm', // praise or thanks in a message that complains ("great, third time it broke", "دستتون درد نکنه", "برافو عليكو")
  'model', // the learned model of the language; evidence = its top contributing words, weight = how much they raised the score
  'deescalation', // "no problem", "مشکلی نیست", "لا مشكلة": negative weight
  'earlier-anger', // the customer's previous messages were angry
  'rising', // the messages are getting angrier
  'repetition', // the customer repeats the same question
  'bot-failures', // the bot failed to answer several times in a row
] as const;
export type Signal = (typeof SIGNALS)[number];

export interface Reason {
  readonly signal: Signal;
  /** The words or characters that triggered the signal, as the customer wrote them. */
  readonly evidence: string;
  /** Contribution to the score in [0, 1]; negative for de-escalation. */
  readonly weight: number;
}
