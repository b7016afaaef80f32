import type { Clock } from '../../../src/core/clock.ts';
import type { Language } from '../../../src/core/language.ts';
import type { FakeTelegram, TelegramCall } from '../../../test/helpers/fake-telegram.ts';
import type { BotReply } from '../reply-reader.ts';
import type { CustomerLine, Settle } from './customer-line.ts';

/** The bot as Telegram names it in the message a button belongs to. */
const BOT = { id: 123456789, is_bot: true, first_name: 'Hamdel', username: 'hamdel_test_bot' };

interface Button {
  readonly text: string;
  readonly callback_data: string;
}

/** Where the simulated Telegram customers' updates go (one webhook, one fake Bot API for all of them). */
export interface TelegramWebhook {
  readonly baseUrl: string;
  readonly secret: string;
  readonly fake: FakeTelegram;
  readonly clock: Clock;
  /** Update ids, shared by every customer. */
  nextUpdateId(): number;
}

/**
 * A Telegram user writing to the shop's bot: updates are posted to hamdel's webhook as Telegram would
 * (secret header, the user's language setting), and the bot's messages to this chat are read from the fake
 * Bot API's record. Choices are buttons: sending a value the last buttons carry taps that button.
 */
export class TelegramCustomer implements CustomerLine {
  readonly channel = 'telegram';
  readonly rendering = 'telegram';
  /** The buttons shown last, by callback data, with the message that carries them. */
  private buttons = new Map<string, number>();

  constructor(
    private readonly hook: TelegramWebhook,
    private readonly chatId: number,
    readonly language: Language,
    private readonly settle: Settle,
  ) {}

  get conversationId(): string {
    return `tg-${this.chatId}`;
  }

  async send(text: string): Promise<BotReply[]> {
    const from = this.hook.fake.calls.length;
    const id = this.hook.nextUpdateId();
    const user = { id: this.chatId, is_bot: false, first_name: 'Customer', language_code: this.language };
    const chat = { id: this.chatId, type: 'private', first_name: 'Customer' };
    const date = Math.floor(this.hook.clock.now() / 1000);
    const messageId = this.buttons.get(text);
    if (messageId !== undefined) this.buttons.clear(); // a tapped keyboard is taken off its message
    const update =
      messageId !== undefined
        ? {
            update_id: id,
            callback_query: {
              id: `cb${id}`,
              from: user,
              chat_instance: `ci${this.chatId}`,
              data: text,
              message: { message_id: messageId, date, chat, from: BOT, text: '…' },
            },
          }
        : { update_id: id, message: { message_id: id, date, chat, from: user, text } };
    const response = await fetch(`${this.hook.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.hook.secret },
      body: JSON.stringify(update),
    });
    if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
    await response.arrayBuffer();
    await this.settle();
    const replies: BotReply[] = [];
    for (const call of this.hook.fake.calls.slice(from)) {
      if (call.method !== 'sendMessage' || call.status !== 200 || call.payload.chat_id !== this.chatId)
        continue;
      const buttons = keyboardOf(call);
      if (buttons.length > 0) {
        this.buttons = new Map(buttons.map((b) => [b.callback_data, messageIdOf(call)]));
      }
      replies.push({
        text: String(call.payload.text ?? ''),
        choices: buttons.map((b) => ({ label: b.text, value: b.callback_data })),
      });
    }
    return replies;
  }

  async leave(): Promise<void> {
    // The chat stays; Telegram keeps no connection open.
  }
}

function keyboardOf(call: TelegramCall): Button[] {
  const markup = call.payload.reply_markup as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

function messageIdOf(call: TelegramCall): number {
  return (call.result as { message_id: number }).message_id;
}
