import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChannelAdapter, ChannelLog } from '../channel-adapter.ts';
import type { Choice, OutboundMessage } from '../../core/message.ts';
import type { Conversation } from '../../conversations/conversation.ts';
import { choicesKeyboard, htmlLines, renderHtml, renderPlain } from './telegram-render.ts';
import type { TelegramState } from './telegram-state.ts';
import { chatIdOf, TELEGRAM_CHANNEL } from './telegram-translate.ts';

export type { ChannelLog } from '../channel-adapter.ts';

export interface TelegramAdapterOptions {
  /** grammY's API client (with the auto-retry transformer installed, so 429 answers are waited out). */
  readonly api: Api;
  readonly state: TelegramState;
  readonly log: ChannelLog;
}

/**
 * Says what the bot, agents and the system write to customers on Telegram: HTML text, choices as inline
 * keyboards, the place in line as one message edited in place, and "typing…" while the bot works. A chat
 * that blocked the bot (403) or no longer exists is remembered and skipped, never a crash.
 */
export class TelegramAdapter implements ChannelAdapter {
  readonly channel = TELEGRAM_CHANNEL;

  constructor(private readonly o: TelegramAdapterOptions) {}

  async deliver(conversation: Conversation, messages: readonly OutboundMessage[]): Promise<void> {
    const chatId = await this.openChat(conversation);
    if (chatId === undefined) return;
    let failure: unknown;
    for (const message of messages) {
      try {
        await this.send(conversation.id, chatId, message);
      } catch (error) {
        if (await this.gone(error, chatId, conversation.id)) return;
        this.o.log.error({ err: error, conversationId: conversation.id }, 'Telegram message not sent');
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  async showWait(conversation: Conversation, wait: { position: number; text: string }): Promise<void> {
    const chatId = await this.openChat(conversation);
    if (chatId === undefined) return;
    const { api, state } = this.o;
    const text = htmlLines(wait.text, conversation.language ?? 'en').join('\n');
    try {
      const current = await state.waitMessage(conversation.id);
      if (current) {
        try {
          await api.editMessageText(chatId, current.messageId, text, {
            parse_mode: 'HTML',
            ...(current.replyMarkup ? { reply_markup: current.replyMarkup } : {}),
          });
          return;
        } catch (error) {
          if (describes(error, /message is not modified/i)) return;
          // Too old to edit, or deleted by the customer: a new message takes its place.
          if (!describes(error, /message to edit not found|message can't be edited/i)) throw error;
        }
      }
      const sent = await api.sendMessage(chatId, text, { parse_mode: 'HTML' });
      await state.rememberWait(conversation.id, { messageId: sent.message_id });
    } catch (error) {
      if (await this.gone(error, chatId, conversation.id)) return;
      throw error;
    }
  }

  async showTyping(conversation: Conversation, on: boolean): Promise<void> {
    // Telegram's "typing…" ends by itself after 5 seconds or with the next message.
    if (!on) return;
    const chatId = await this.openChat(conversation);
    if (chatId === undefined) return;
    try {
      await this.o.api.sendChatAction(chatId, 'typing');
    } catch (error) {
      if (!(await this.gone(error, chatId, conversation.id))) throw error;
    }
  }

  /** The conversation's chat, unless it is not a Telegram chat or the customer blocked the bot. */
  private async openChat(conversation: Conversation): Promise<number | undefined> {
    const chatId = chatIdOf(conversation.id);
    if (chatId === undefined) {
      this.o.log.warn({ conversationId: conversation.id }, 'not a Telegram conversation id; nothing sent');
      return undefined;
    }
    return (await this.o.state.isBlocked(chatId)) ? undefined : chatId;
  }

  private async send(conversationId: string, chatId: number, message: OutboundMessage): Promise<void> {
    const markup = message.choices?.length ? await this.keyboard(message.choices) : undefined;
    let messageId: number;
    try {
      messageId = await this.sendParts(chatId, renderHtml(message), markup, true);
    } catch (error) {
      if (!describes(error, /can't parse entities/i)) throw error;
      this.o.log.warn(
        { conversationId, err: error },
        'Telegram refused the HTML of a message; sent as plain text',
      );
      messageId = await this.sendParts(chatId, renderPlain(message), markup, false);
    }
    if (isWaitNotice(message)) {
      await this.o.state.rememberWait(conversationId, {
        messageId,
        ...(markup ? { replyMarkup: markup } : {}),
      });
    } else if (message.author.kind === 'agent' || message.author.kind === 'system') {
      await this.o.state.forgetWait(conversationId); // the wait is over (or starts again with a new notice)
    }
  }

  /** Sends the parts in order, the keyboard under the last one; returns the last message's id. */
  private async sendParts(
    chatId: number,
    parts: readonly string[],
    markup: InlineKeyboardMarkup | undefined,
    html: boolean,
  ): Promise<number> {
    let messageId = 0;
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const sent = await this.o.api.sendMessage(chatId, part, {
        ...(html ? { parse_mode: 'HTML' as const } : {}),
        link_preview_options: { is_disabled: true },
        ...(last && markup ? { reply_markup: markup } : {}),
      });
      messageId = sent.message_id;
    }
    return messageId;
  }

  private async keyboard(choices: readonly Choice[]): Promise<InlineKeyboardMarkup> {
    const data = new Map<string, string>();
    for (const choice of choices) data.set(choice.value, await this.o.state.callbackData(choice.value));
    return choicesKeyboard(choices, (choice) => data.get(choice.value) ?? choice.value);
  }

  /** A 403 (bot blocked, user deactivated) or a deleted chat: remembered, logged, and not an error. */
  private async gone(error: unknown, chatId: number, conversationId: string): Promise<boolean> {
    const gone =
      error instanceof GrammyError &&
      (error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description)));
    if (!gone) return false;
    await this.o.state.markBlocked(chatId);
    await this.o.state.forgetWait(conversationId);
    this.o.log.warn(
      { conversationId, description: error.description },
      'Telegram chat blocked the bot or is gone; nothing is sent there until the customer writes again',
    );
    return true;
  }
}

/** The customer's place in line (a handoff notice with the "leave the line" choice): edited in place later. */
function isWaitNotice(message: OutboundMessage): boolean {
  return message.meta?.kind === 'handoff' && (message.choices?.length ?? 0) > 0;
}

function describes(error: unknown, pattern: RegExp): boolean {
  return error instanceof GrammyError && error.error_code === 400 && pattern.test(error.description);
}
