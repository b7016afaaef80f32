import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { HamdelError, isHamdelError } from '../../core/errors.ts';
import { sendError } from '../../core/http-errors.ts';
import type { Language } from '../../core/language.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { MessageCatalog } from '../../dialogs/message-catalog.ts';
import { detectLanguage } from '../../language/detect.ts';
import { digitPolicy, localizeDigits, type DigitPolicy } from '../../language/digits.ts';
import type { ChannelLog, ChannelRegistry } from '../channel-adapter.ts';
import { claimDelivery } from '../claim-delivery.ts';
import { BotSdk, type ActivityJson, type Authenticated, type ConversationReferenceJson } from './bot-sdk.ts';
import { BotFrameworkAdapter } from './botframework-adapter.ts';
import { markdownOf, messageActivity } from './botframework-render.ts';
import { BotFrameworkState, deliveryId as activityDelivery } from './botframework-state.ts';
import {
  botConversationId,
  customerInput,
  languageOfLocale,
  readActivity,
  toInboundMessage,
  type ActivityFields,
} from './botframework-translate.ts';

/** Where the Bot Connector posts activities (the bot's messaging endpoint in Azure). */
export const BOTFRAMEWORK_PATH = '/api/botframework';

/** The parts of hamdel the Bot Framework channel plugs into. */
export interface BotFrameworkParts {
  readonly turns: TurnQueue;
  readonly channels: ChannelRegistry;
  readonly catalog: () => MessageCatalog;
  readonly redis: RedisConnection;
  readonly clock: Clock;
}

interface Handling {
  readonly parts: BotFrameworkParts;
  readonly sdk: BotSdk;
  readonly state: BotFrameworkState;
  readonly log: ChannelLog;
  readonly config: Config;
  readonly digits: DigitPolicy;
}

/**
 * Turns the Bot Framework channel on when BOTFRAMEWORK_APP_ID is set (and does nothing otherwise): Microsoft
 * Teams, Web Chat, Direct Line and every channel of Azure Bot Service post activities to
 * POST /api/botframework, each checked by the SDK's JWT validation (401 for a missing or bad token, logged),
 * claimed once by its id, and handed to the turn queue; the answer is 200 once it is queued in Redis. The
 * conversation's reference is kept in Redis, so any process sends to it (BotFrameworkAdapter).
 */
export function registerBotFramework(
  app: FastifyInstance,
  parts: BotFrameworkParts,
  config: Config,
): BotSdk | undefined {
  const appId = config.BOTFRAMEWORK_APP_ID;
  if (!appId) return undefined;
  const log: ChannelLog = app.log;
  const sdk = new BotSdk({
    appId,
    appType: config.BOTFRAMEWORK_APP_TYPE,
    ...(config.BOTFRAMEWORK_TENANT_ID ? { tenantId: config.BOTFRAMEWORK_TENANT_ID } : {}),
    ...(config.BOTFRAMEWORK_APP_PASSWORD ? { password: config.BOTFRAMEWORK_APP_PASSWORD } : {}),
    ...(config.BOTFRAMEWORK_CERT_THUMBPRINT && config.BOTFRAMEWORK_CERT_KEY_FILE
      ? {
          certificate: {
            thumbprint: config.BOTFRAMEWORK_CERT_THUMBPRINT,
            privateKey: readSetting('BOTFRAMEWORK_CERT_KEY_FILE', config.BOTFRAMEWORK_CERT_KEY_FILE),
          },
        }
      : {}),
    loginUrl: config.BOTFRAMEWORK_LOGIN_URL,
    openIdMetadataUrl: config.BOTFRAMEWORK_OPENID_METADATA_URL,
    ...(config.BOTFRAMEWORK_LOGIN_CA_FILE
      ? { loginCa: readSetting('BOTFRAMEWORK_LOGIN_CA_FILE', config.BOTFRAMEWORK_LOGIN_CA_FILE) }
      : {}),
  });
  const state = new BotFrameworkState({
    redis: parts.redis,
    prefix: config.KEY_PREFIX,
    referenceDays: config.TRANSCRIPT_RETENTION_DAYS,
  });
  parts.channels.register(new BotFrameworkAdapter({ sdk, state, log }));
  const handling: Handling = { parts, sdk, state, log, config, digits: digitPolicy(config) };

  app.post(BOTFRAMEWORK_PATH, async (request, reply) => {
    const body = request.body;
    const read = readActivity(body);
    if ('problem' in read) {
      log.warn({ ip: request.ip, problem: read.problem }, 'Bot Framework: not an activity; refused');
      return sendError(reply, 'MESSAGE_INVALID', `Not an activity: ${read.problem}`);
    }
    const activity = body as ActivityJson;
    let authenticated: Authenticated;
    try {
      authenticated = await sdk.authenticate(activity, String(request.headers.authorization ?? ''));
    } catch (error) {
      if (!isHamdelError(error, 'UNAUTHORIZED')) {
        log.error(
          { err: error },
          'Bot Framework: the token could not be checked (signing keys out of reach?)',
        );
        return sendError(reply, 'INTERNAL_ERROR', 'The token could not be checked; deliver it again.', 503);
      }
      log.warn(
        { ip: request.ip, channelId: read.fields.channelId, reason: error.message },
        'Bot Framework request refused: missing or bad token',
      );
      return sendError(reply, 'UNAUTHORIZED', 'Missing or invalid Bot Framework token.');
    }
    const conversationId = botConversationId(read.fields.channelId, read.fields.conversation.id);
    const deliveryId = read.fields.id ? activityDelivery(conversationId, read.fields.id) : undefined;
    const claim = deliveryId
      ? await claimDelivery(state.deliveries, deliveryId, { waitMs: 3_000 })
      : 'claimed';
    if (claim === 'done') {
      log.info({ activityId: read.fields.id }, 'Bot Framework activity delivered again; ignored');
      return reply.code(200).send();
    }
    if (claim === 'busy') {
      log.warn({ activityId: read.fields.id }, 'Bot Framework activity still being handled elsewhere');
      return sendError(reply, 'DELIVERY_BUSY', 'Not handled yet; deliver it again.');
    }
    try {
      await sdk.process(authenticated, activity, (seen, reference) =>
        handle(handling, seen, read.fields, reference),
      );
    } catch (error) {
      if (deliveryId) await state.deliveries.forget(deliveryId).catch(() => undefined);
      log.error({ err: error, activityId: read.fields.id }, 'Bot Framework activity not handled');
      return sendError(reply, 'INTERNAL_ERROR', 'Not handled; deliver it again.', 500);
    }
    if (deliveryId) await state.deliveries.confirm(deliveryId);
    return reply.code(200).send();
  });
  log.info({ path: BOTFRAMEWORK_PATH }, 'Bot Framework channel on');
  return sdk;
}

async function handle(
  h: Handling,
  activity: ActivityJson,
  fields: ActivityFields,
  reference: ConversationReferenceJson,
): Promise<void> {
  const input = customerInput(fields);
  if (input.kind === 'ignored') {
    h.log.debug({ activityId: fields.id, reason: input.reason }, 'Bot Framework activity ignored');
    return;
  }
  const conversationId = botConversationId(fields.channelId, fields.conversation.id);
  await h.state.saveReference(conversationId, reference);
  if ([...input.text].length > h.config.MAX_MESSAGE_CHARS) return tooLong(h, fields, input.text, reference);
  // A tapped suggested action comes back as its label.
  const text = (await h.state.choiceValue(conversationId, input.text)) ?? input.text;
  const message = toInboundMessage(activity, fields, text, h.parts.clock.now());
  const ticket = await h.parts.turns.enqueue(
    input.kind === 'attachment' ? { ...message, attachments: input.attachments } : message,
  );
  // Queued in Redis: the turn queue finishes it even if this process dies; the answer goes out proactively.
  void h.parts.turns
    .outcome(ticket)
    .catch((error: unknown) => h.log.error({ err: error, conversationId }, 'Bot Framework turn failed'));
}

/** Asks the customer, in their language, to send a text that is too long in shorter parts. */
async function tooLong(
  h: Handling,
  fields: ActivityFields,
  text: string,
  reference: ConversationReferenceJson,
) {
  const hint: Language = languageOfLocale(fields.locale) ?? h.config.DEFAULT_LANGUAGE;
  const tieBreak = hint === 'en' ? undefined : hint;
  const language = detectLanguage(text.slice(0, 1_000), tieBreak ? { tieBreak } : {})?.language ?? hint;
  const max = h.config.MAX_MESSAGE_CHARS;
  h.log.info(
    { chars: [...text].length, max },
    'Bot Framework message longer than MAX_MESSAGE_CHARS; asked for a shorter one',
  );
  const words = localizeDigits(
    h.parts.catalog().text(language, 'message_too_long', { max }),
    language,
    h.digits,
  );
  await h.sdk
    .continueConversation(reference, async (bot) => {
      await bot.send(messageActivity(fields.channelId, markdownOf(words, language), language));
    })
    .catch((error: unknown) => h.log.warn({ err: error }, 'Bot Framework: reply not sent'));
}

/** A file a setting names, read at start; one that cannot be read stops start-up naming the setting. */
function readSetting(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HamdelError(
      'CONFIG_INVALID',
      `Invalid setting: ${name}="${file}": cannot be read (${reason})`,
      {
        variables: [name],
      },
    );
  }
}
