/**
 * Telegram updates to hamdel's normalized message: pure functions, no network and no storage.
 * Only private chats with a person are served; everything else is ignored with a reason.
 */
import type { Update, User } from 'grammy/types';
import { LANGUAGES, type Language } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import { updateProblem } from './telegram-update-shape.ts';

export const TELEGRAM_CHANNEL = 'telegram';

/** What kinds of file a customer may send; the bot cannot read them, an agent can open them. */
export type AttachmentKind =
  | 'photo'
  | 'voice'
  | 'audio'
  | 'video'
  | 'video_note'
  | 'document'
  | 'sticker'
  | 'animation'
  | 'location'
  | 'contact';

const ATTACHMENT_KINDS: readonly AttachmentKind[] = [
  // `animation` messages also carry `document`: the more specific kind is looked at first.
  'animation',
  'photo',
  'voice',
  'audio',
  'video',
  'video_note',
  'sticker',
  'document',
  'location',
  'contact',
];

/** Who wrote and where, common to every input that comes from a customer. */
export interface TelegramOrigin {
  readonly chatId: number;
  readonly user: User;
  /** ms since epoch; callback queries carry no date (undefined: use the clock). */
  readonly sentAt?: number;
}

/** One update, read for what the channel does with it. */
export type TelegramInput =
  | (TelegramOrigin & { readonly kind: 'text'; readonly text: string })
  /** The customer pressed Start (or sent /start with a deep-link payload). */
  | (TelegramOrigin & { readonly kind: 'start'; readonly payload?: string })
  /** A button of an inline keyboard was tapped; `data` is its callback data. */
  | (TelegramOrigin & {
      readonly kind: 'choice';
      readonly data: string;
      readonly callbackQueryId: string;
      readonly messageId?: number;
    })
  | (TelegramOrigin & {
      readonly kind: 'attachment';
      readonly attachment: AttachmentKind;
      readonly caption?: string;
      readonly fileName?: string;
    })
  /** The customer blocked the bot (or deleted the chat), or unblocked it. */
  | { readonly kind: 'blocked' | 'unblocked'; readonly chatId: number }
  | { readonly kind: 'ignored'; readonly reason: string }
  /** A field the channel reads is missing or of the wrong type (`problem` says which). */
  | { readonly kind: 'malformed'; readonly problem: string };

/** hamdel's conversation id of a Telegram chat. */
export function telegramConversationId(chatId: number): string {
  return `tg-${chatId}`;
}

/** The chat of a Telegram conversation id, or undefined when the id is not one. */
export function chatIdOf(conversationId: string): number | undefined {
  const match = /^tg-(-?\d{1,20})$/.exec(conversationId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** hamdel's language for Telegram's `language_code` (an IETF tag such as "fa" or "en-US"), if it has one. */
export function languageOfCode(code: string | undefined): Language | undefined {
  const primary = code?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary);
}

/** The name the customer shows on Telegram. */
export function displayNameOf(user: User): string | undefined {
  const name = [user.first_name, user.last_name].filter((part) => part && part.trim()).join(' ');
  return name || user.username || undefined;
}

/**
 * Reads an update: a text, a start, a tapped button, a file, a block, something the channel ignores, or an
 * update it cannot read.
 */
export function readUpdate(update: Update): TelegramInput {
  const problem = updateProblem(update);
  if (problem !== undefined) return { kind: 'malformed', problem };
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (!chat || chat.type !== 'private') return { kind: 'ignored', reason: 'button outside a private chat' };
    if (query.data === undefined) return { kind: 'ignored', reason: 'button without data' };
    return {
      kind: 'choice',
      chatId: chat.id,
      user: query.from,
      data: query.data,
      callbackQueryId: query.id,
      ...(query.message ? { messageId: query.message.message_id } : {}),
    };
  }
  if (update.my_chat_member) {
    const { chat, new_chat_member: member } = update.my_chat_member;
    if (chat.type !== 'private') return { kind: 'ignored', reason: 'membership outside a private chat' };
    if (member.status === 'kicked') return { kind: 'blocked', chatId: chat.id };
    if (member.status === 'member') return { kind: 'unblocked', chatId: chat.id };
    return { kind: 'ignored', reason: `membership ${member.status}` };
  }
  const message = update.message;
  if (!message) return { kind: 'ignored', reason: 'not a new message or a button' };
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: 'not a private chat' };
  const user = message.from;
  if (!user || user.is_bot) return { kind: 'ignored', reason: 'not written by a person' };
  const origin: TelegramOrigin = { chatId: message.chat.id, user, sentAt: message.date * 1000 };
  if (message.text !== undefined) {
    // A deep link's payload, or what a customer typed after /start by hand (a code in two groups, say).
    const start = /^\/start(?:@\w+)?(?:\s+([^]*?))?\s*$/.exec(message.text);
    if (start) return { ...origin, kind: 'start', ...(start[1] ? { payload: start[1] } : {}) };
    if (message.text.trim() === '') return { kind: 'ignored', reason: 'empty text' };
    return { ...origin, kind: 'text', text: message.text };
  }
  const attachment = ATTACHMENT_KINDS.find((kind) => message[kind] !== undefined);
  if (!attachment) return { kind: 'ignored', reason: 'a kind of message the channel does not handle' };
  const caption = message.caption?.trim();
  const fileName = message.document?.file_name ?? message.audio?.file_name;
  return {
    ...origin,
    kind: 'attachment',
    attachment,
    ...(caption ? { caption } : {}),
    ...(fileName ? { fileName } : {}),
  };
}

/** The customer's message as the engine takes it; the update is kept whole in `raw`. */
export function toInboundMessage(
  update: Update,
  origin: TelegramOrigin,
  text: string,
  now: number,
): InboundMessage {
  const name = displayNameOf(origin.user);
  const preference = languageOfCode(origin.user.language_code);
  return {
    direction: 'in',
    channel: TELEGRAM_CHANNEL,
    conversationId: telegramConversationId(origin.chatId),
    customer: { id: String(origin.user.id), ...(name ? { displayName: name } : {}) },
    text,
    // Telegram's language setting is the app's, not necessarily the one the customer writes in: a clue only.
    ...(preference ? { languagePreference: preference } : {}),
    sentAt: origin.sentAt ?? now,
    platformMessageId: `u${update.update_id}`,
    raw: update,
  };
}

/** How a file is written in the transcript for agents: "[photo]", "[document: invoice.pdf] caption". */
export function attachmentNote(input: {
  readonly attachment: AttachmentKind;
  readonly caption?: string;
  readonly fileName?: string;
}): string {
  const kind = input.attachment.replace('_', ' ');
  const label = input.fileName ? `[${kind}: ${input.fileName}]` : `[${kind}]`;
  return input.caption ? `${label} ${input.caption}` : label;
}
