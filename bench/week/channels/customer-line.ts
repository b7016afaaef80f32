import type { Language } from '../../../src/core/language.ts';
import type { BotReply, Rendering } from '../reply-reader.ts';

/**
 * One simulated customer's side of a channel: what they send, and the bot's replies they see. `send`
 * resolves once the service has handled the message whole (its turn and what followed from it), so that
 * the simulation's clock can move on.
 */
export interface CustomerLine {
  readonly channel: string;
  readonly language: Language;
  /** How this channel shows the bot's texts. */
  readonly rendering: Rendering;
  /** The service's conversation id (on the widget, known after the first message). */
  readonly conversationId: string;
  /** Sends a text, or taps the choice whose value is `text` when the last replies offered it. */
  send(text: string): Promise<BotReply[]>;
  /** The customer goes away (closes the page); a later `send` comes back. */
  leave(): Promise<void>;
}

/** Waits until the service has finished every turn under way (TurnQueue.settled of the server in process). */
export type Settle = () => Promise<void>;
