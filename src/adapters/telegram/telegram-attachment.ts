import type { Update } from 'grammy/types';
import type { Clock } from '../../core/clock.ts';
import type { Language } from '../../core/language.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import type { ConversationWriter } from '../../conversations/conversation-writer.ts';
import type { MessageCatalog } from '../../dialogs/message-catalog.ts';
import { localizeDigits } from '../../language/digits.ts';
import { attachmentNote, toInboundMessage, type TelegramInput } from './telegram-translate.ts';
import { openConversation } from '../../conversations/open-conversation.ts';

export type AttachmentInput = Extract<TelegramInput, { kind: 'attachment' }>;

export interface TelegramAttachmentsOptions {
  readonly store: ConversationStore;
  readonly writer: ConversationWriter;
  readonly catalog: () => MessageCatalog;
  readonly clock: Clock;
  /** Language of a new conversation when Telegram's language setting does not tell. */
  readonly defaultLanguage: Language;
}

/**
 * Photos, voice messages, documents and other files. The bot reads text only, so it does not pretend to
 * understand them: the file is written into the transcript (as "[photo] caption", with the whole update in
 * `raw`, file ids included) where an agent sees it, and the customer is told so plainly in their language.
 * While an agent has the chat the bot says nothing: the agent sees the file.
 */
export class TelegramAttachments {
  constructor(private readonly o: TelegramAttachmentsOptions) {}

  async receive(update: Update, input: AttachmentInput): Promise<void> {
    const { store, writer, clock } = this.o;
    const message = toInboundMessage(update, input, attachmentNote(input), clock.now());
    const conversation = await openConversation(store, message);
    const language = conversation.language ?? message.languagePreference ?? this.o.defaultLanguage;
    await writer.post(conversation, [
      {
        author: { kind: 'customer' },
        text: message.text,
        at: message.sentAt,
        language,
        platformMessageId: message.platformMessageId,
        raw: update,
      },
    ]);
    if (conversation.state === 'agent') return;
    const key = conversation.state === 'waiting' ? 'attachment_for_agent' : 'attachment_received';
    const text = this.o.catalog().text(language, key);
    await writer.post(conversation, [
      {
        author: { kind: 'bot' },
        text: language === 'fa' ? localizeDigits(text, language) : text,
        at: clock.now(),
        language,
        meta: { kind: 'notice' },
      },
    ]);
  }
}
