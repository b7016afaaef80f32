import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Bot, BotError, webhookCallback, type Context } from 'grammy';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { isHamdelError } from '../../core/errors.ts';
import { digitPolicy } from '../../language/digits.ts';
import { sendError } from '../../core/http-errors.ts';
import type { ChannelRegistry } from '../channel-adapter.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { MessageCatalog } from '../../dialogs/message-catalog.ts';
import { TelegramAdapter, type ChannelLog } from './telegram-adapter.ts';
import { TelegramPolling } from './telegram-polling.ts';
import { retryTransient } from './telegram-retry.ts';
import { TelegramState } from './telegram-state.ts';
import { ALLOWED_UPDATES, telegramUpdates } from './telegram-updates.ts';
import { isTelegramSecretValid, TELEGRAM_SECRET_HEADER } from './telegram-webhook-secret.ts';

/** Where Telegram posts updates in webhook mode. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** The parts of hamdel the Telegram channel plugs into. */
export interface TelegramParts {
  readonly turns: TurnQueue;
  readonly channels: ChannelRegistry;
  readonly catalog: () => MessageCatalog;
  readonly redis: RedisConnection;
  readonly clock: Clock;
}

/**
 * Turns the Telegram channel on when TELEGRAM_BOT_TOKEN is set (and does nothing otherwise): registers the
 * outbound adapter, then receives updates by webhook (POST /telegram/webhook, secret token checked; any
 * number of processes) or by long polling (@grammyjs/runner, one chat at a time; one process polls, by a
 * Redis lease), as TELEGRAM_MODE says. Returns the grammY bot.
 */
export async function registerTelegram(
  app: FastifyInstance,
  hamdel: TelegramParts,
  config: Config,
): Promise<Bot | undefined> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  const log: ChannelLog = app.log;
  // 75 s: longer than a long poll (30 s), short enough that a hung request does not hold a turn for long.
  const bot = new Bot(token, { client: { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 75 } });
  // 429 answers are waited out (retry_after, up to a minute, 3 times at most) by auto-retry, which would
  // retry network errors without end: those and 5xx answers are retried by retryTransient (outside it)
  // for a few seconds at most, so a turn never waits long on a Telegram that does not answer.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: 60,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
    retryTransient(),
  );
  bot.catch((error) =>
    log.error({ err: error.error, updateId: error.ctx.update.update_id }, 'Telegram update not handled'),
  );
  const state = new TelegramState({ redis: hamdel.redis, prefix: config.KEY_PREFIX });
  hamdel.channels.register(new TelegramAdapter({ api: bot.api, state, log }));
  const updates = (awaitTurns: boolean) =>
    telegramUpdates({
      turns: hamdel.turns,
      state,
      catalog: hamdel.catalog,
      clock: hamdel.clock,
      log,
      defaultLanguage: config.DEFAULT_LANGUAGE,
      maxMessageChars: config.MAX_MESSAGE_CHARS,
      digits: digitPolicy(config),
      awaitTurns,
    });

  if (config.TELEGRAM_MODE === 'webhook') {
    bot.use(updates(false));
    await registerWebhook(app, bot, config, log);
  } else {
    // Updates of one chat run one after another; different chats run side by side.
    bot.use(sequentialize((ctx: Context) => chatKey(ctx)));
    bot.use(updates(true));
    const polling = new TelegramPolling({
      bot,
      redis: hamdel.redis,
      key: `${config.KEY_PREFIX}telegram:polling:${token.split(':')[0] ?? ''}`,
      leaseMs: config.TELEGRAM_LEASE_SECONDS * 1000,
      log,
    });
    await polling.start();
    app.addHook('onClose', () => polling.close());
    log.info(
      { apiRoot: config.TELEGRAM_API_ROOT, polling: polling.polling },
      'Telegram channel on (long polling, by the process that holds the lease)',
    );
  }
  return bot;
}

async function registerWebhook(app: FastifyInstance, bot: Bot, config: Config, log: ChannelLog) {
  const secret = config.TELEGRAM_WEBHOOK_SECRET ?? ''; // required in webhook mode (config.ts)
  const handle = webhookCallback(bot, 'fastify', {
    secretToken: secret,
    onTimeout: 'throw',
    timeoutMilliseconds: 10_000,
  });
  // The secret is a header: checked before the body is read.
  const checkSecret = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isTelegramSecretValid(request.headers[TELEGRAM_SECRET_HEADER], secret)) return undefined;
    log.warn({ ip: request.ip }, 'Telegram webhook refused: missing or wrong secret token');
    return sendError(reply, 'UNAUTHORIZED', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.');
  };
  app.post(TELEGRAM_WEBHOOK_PATH, { onRequest: checkSecret }, async (request, reply) => {
    const body = request.body as { update_id?: unknown } | null;
    if (typeof body !== 'object' || body === null || !Number.isSafeInteger(body.update_id)) {
      // Acknowledged all the same: a refusal would make Telegram deliver it again, forever.
      log.warn({ ip: request.ip }, 'Telegram webhook: not an update; acknowledged and dropped');
      return reply.code(200).send({ ok: true });
    }
    try {
      // Answers Telegram once the message is queued in Redis; the turn itself runs on afterwards.
      await handle(request, reply);
    } catch (error) {
      const busy = isHamdelError(error instanceof BotError ? error.error : error, 'DELIVERY_BUSY');
      if (busy)
        log.warn(
          { updateId: body.update_id },
          'Telegram update still being handled elsewhere; asked again later',
        );
      else log.error({ err: error }, 'Telegram update not handled; Telegram will deliver it again');
      if (!reply.sent) {
        const code = busy ? 'DELIVERY_BUSY' : 'TURN_TIMEOUT';
        return sendError(reply, code, 'Not handled; deliver it again.', 500);
      }
    }
    return reply;
  });
  if (config.TELEGRAM_WEBHOOK_URL) {
    await bot.api
      .setWebhook(config.TELEGRAM_WEBHOOK_URL, {
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
      })
      .then(() => log.info({ url: config.TELEGRAM_WEBHOOK_URL }, 'Telegram webhook registered'))
      .catch((error: unknown) => log.error({ err: error }, 'Telegram webhook could not be registered'));
  }
  log.info({ path: TELEGRAM_WEBHOOK_PATH }, 'Telegram channel on (webhook)');
}

/** The chat an update belongs to (updates of one chat are handled in order); none for a malformed one. */
function chatKey(ctx: Context): string | undefined {
  const id: unknown = ctx.chat?.id;
  return typeof id === 'number' ? String(id) : undefined;
}
