import { Composer, type Api, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Clock } from '../../core/clock.ts';
import { HamdelError } from '../../core/errors.ts';
import type { Language } from '../../core/language.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { MessageCatalog } from '../../dialogs/message-catalog.ts';
import { detectLanguage } from '../../language/detect.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits, type DigitPolicy } from '../../language/digits.ts';
import { claimDelivery } from '../claim-delivery.ts';
import type { ChannelLog } from './telegram-adapter.ts';
import type { TelegramState } from './telegram-state.ts';
import {
  attachmentNote,
  languageOfCode,
  readUpdate,
  toInboundMessage,
  type TelegramOrigin,
} from './telegram-translate.ts';

/** The updates hamdel asks Telegram for (setWebhook and getUpdates). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramUpdatesOptions {
  readonly turns: TurnQueue;
  readonly state: TelegramState;
  readonly catalog: () => MessageCatalog;
  readonly clock: Clock;
  readonly log: ChannelLog;
  readonly defaultLanguage: Language;
  /** Longest text passed to the engine (MAX_MESSAGE_CHARS); a longer one is answered with a request to shorten it. */
  readonly maxMessageChars: number;
  /** The digits each language's readers get (DIGITS_FA, DIGITS_AR; default DEFAULT_DIGIT_POLICY). */
  readonly digits?: DigitPolicy;
  /**
   * true: an update counts as handled once its turn is done (long polling: back-pressure, and per-chat
   * order with `sequentialize`). false: once the message is safely queued in Redis (webhook: Telegram gets
   * its answer at once; the turn queue keeps the order and finishes the turn even if this process dies).
   */
  readonly awaitTurns: boolean;
}

/**
 * grammY middleware from update to turn queue: claims the update id in Redis (a repeated delivery is
 * dropped), reads the update, and hands the customer's message to the turn queue; the claim is confirmed
 * once that is done and freed if it failed, so Telegram's next delivery is handled. Buttons are acknowledged
 * at once (answerCallbackQuery) and taken off the message so they cannot be tapped twice. A text longer than
 * `maxMessageChars` is answered with a request to shorten it and not passed on; an update the channel cannot
 * read is logged and dropped (acknowledged, so Telegram stops delivering it).
 */
export function telegramUpdates(o: TelegramUpdatesOptions): Composer<Context> {
  const composer = new Composer<Context>();
  const deliveries = o.state.deliveries;
  composer.use(async (ctx, next) => {
    const updateId = String(ctx.update.update_id);
    // Long polling waits out another process's claim (it only happens while the poller changes hands);
    // a webhook answers 500 after a few seconds instead, and Telegram delivers the update again later.
    const claim = await claimDelivery(deliveries, updateId, { waitMs: o.awaitTurns ? 35_000 : 3_000 });
    if (claim === 'done') {
      o.log.info({ updateId }, 'Telegram update delivered again; ignored');
      return;
    }
    if (claim === 'busy') {
      throw new HamdelError('DELIVERY_BUSY', 'Another process is still handling this Telegram update.', {
        updateId,
      });
    }
    try {
      await next();
    } catch (error) {
      // Not handled: let Telegram's retry (webhook) or a restart (polling) bring it again.
      await deliveries.forget(updateId).catch(() => undefined);
      throw error;
    }
    await deliveries.confirm(updateId);
  });
  composer.use((ctx) => handle(o, ctx.update, ctx.api));
  return composer;
}

async function handle(o: TelegramUpdatesOptions, update: Update, api: Api): Promise<void> {
  const input = readUpdate(update);
  const now = o.clock.now();
  switch (input.kind) {
    case 'ignored':
      o.log.debug({ updateId: update.update_id, reason: input.reason }, 'Telegram update ignored');
      return;
    case 'malformed':
      o.log.warn(
        { updateId: update.update_id, problem: input.problem },
        'Telegram update malformed; acknowledged and dropped',
      );
      return;
    case 'blocked':
      await o.state.markBlocked(input.chatId);
      o.log.info({ chatId: input.chatId }, 'Telegram customer blocked the bot');
      return;
    case 'unblocked':
      await o.state.clearBlocked(input.chatId);
      return;
    case 'text':
      if ([...input.text].length > o.maxMessageChars) return tooLong(o, api, input);
      return submit(o, toInboundMessage(update, input, input.text, now), input);
    case 'start': {
      // Pressing Start is a hello: the engine greets (in Telegram's language setting, until the text tells).
      // A deep link's payload (`?start=CODE`) comes with it as a link code (src/conversations/channel-linking.ts).
      const language = languageOfCode(input.user.language_code) ?? o.defaultLanguage;
      const hello = o.catalog().phrases(language, 'greetings')[0] ?? 'hi';
      const message = toInboundMessage(update, input, hello, now);
      return submit(o, input.payload ? { ...message, linkCode: input.payload } : message, input);
    }
    case 'attachment': {
      const message = toInboundMessage(update, input, attachmentNote(input), now);
      const attachment = { kind: input.attachment, ...(input.fileName ? { fileName: input.fileName } : {}) };
      return submit(o, { ...message, attachments: [attachment] }, input);
    }
    case 'choice': {
      const value = await o.state.choiceValue(input.data);
      const language = languageOfCode(input.user.language_code) ?? o.defaultLanguage;
      await api
        .answerCallbackQuery(input.callbackQueryId, {
          ...(value === undefined ? { text: o.catalog().text(language, 'choice_expired') } : {}),
        })
        .catch((error: unknown) => o.log.debug({ err: error }, 'callback query not answered (too old?)'));
      if (input.messageId !== undefined) {
        await api
          .editMessageReplyMarkup(input.chatId, input.messageId)
          .catch((error: unknown) => o.log.debug({ err: error }, 'keyboard not removed'));
      }
      if (value === undefined) return;
      return submit(o, toInboundMessage(update, input, value, now), input);
    }
  }
}

async function submit(o: TelegramUpdatesOptions, message: InboundMessage, origin: TelegramOrigin) {
  await o.state.clearBlocked(origin.chatId);
  const ticket = await o.turns.enqueue(message);
  const done = o.turns.outcome(ticket).then(
    () => undefined,
    (error: unknown) =>
      o.log.error({ err: error, conversationId: message.conversationId }, 'Telegram turn failed'),
  );
  if (o.awaitTurns) await done;
}

/** Asks the customer, in their language, to send a text that is too long in shorter parts. */
async function tooLong(
  o: TelegramUpdatesOptions,
  api: Api,
  input: TelegramOrigin & { readonly text: string },
) {
  const hint = languageOfCode(input.user.language_code) ?? o.defaultLanguage;
  const tieBreak = hint === 'en' ? undefined : hint;
  const detected = detectLanguage(input.text.slice(0, 1_000), tieBreak ? { tieBreak } : {});
  const language = detected?.language ?? hint;
  const max = o.maxMessageChars;
  o.log.info(
    { chatId: input.chatId, chars: [...input.text].length, max },
    'Telegram message longer than MAX_MESSAGE_CHARS; asked for a shorter one, not passed to the engine',
  );
  const text = localizeDigits(
    o.catalog().text(language, 'message_too_long', { max }),
    language,
    o.digits ?? DEFAULT_DIGIT_POLICY,
  );
  await api
    .sendMessage(input.chatId, text)
    .catch((error: unknown) => o.log.warn({ err: error, chatId: input.chatId }, 'Telegram: reply not sent'));
}
