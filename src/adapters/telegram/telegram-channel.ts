import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize } from '@grammyjs/runner';
import type { FastifyInstance } from 'fastify';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { RedisConnection } from '../../core/redis-script.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { ChannelRegistry } from '../channel-adapter.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import type { MessageCatalog } from '../../dialogs/message-catalog.ts';
import { TelegramAdapter, type ChannelLog } from './telegram-adapter.ts';
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
 * outbound adapter, then receives updates by webhook (POST /telegram/webhook, secret token checked) or by
 * long polling (@grammyjs/runner, one chat at a time), as TELEGRAM_MODE says. Returns the grammY bot.
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
  // 429 answers are waited out (retry_after, up to a minute) and 5xx retried, 3 times at most. Network
  // errors fail at once: auto-retry would otherwise retry them without end and hold the turn.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
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
      awaitTurns,
    });

  if (config.TELEGRAM_MODE === 'webhook') {
    bot.use(updates(false));
    await registerWebhook(app, bot, config, log);
  } else {
    // Updates of one chat run one after another; different chats run side by side.
    bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
    bot.use(updates(true));
    // getUpdates is refused while a webhook is set.
    await bot.api
      .deleteWebhook()
      .catch((error: unknown) => log.error({ err: error }, 'deleteWebhook failed'));
    const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    // The runner stops for good on 401 (wrong token) and 409 (another process polls with this token).
    runner.task()?.catch((error: unknown) => log.error({ err: error }, 'Telegram long polling stopped'));
    app.addHook('onClose', async () => {
      if (runner.isRunning()) await runner.stop();
    });
    log.info({ apiRoot: config.TELEGRAM_API_ROOT }, 'Telegram channel on (long polling)');
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
  app.post(TELEGRAM_WEBHOOK_PATH, async (request, reply) => {
    if (!isTelegramSecretValid(request.headers[TELEGRAM_SECRET_HEADER], secret)) {
      log.warn({ ip: request.ip }, 'Telegram webhook refused: missing or wrong secret token');
      return reply
        .code(401)
        .send({ code: 'UNAUTHORIZED', message: 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.' });
    }
    const body = request.body as { update_id?: unknown } | null;
    if (typeof body !== 'object' || body === null || !Number.isSafeInteger(body.update_id)) {
      log.warn({ ip: request.ip }, 'Telegram webhook refused: not an update');
      return reply.code(400).send({ code: 'MESSAGE_INVALID', message: 'The body is not a Telegram update.' });
    }
    try {
      // Answers Telegram once the message is queued in Redis; the turn itself runs on afterwards.
      await handle(request, reply);
    } catch (error) {
      log.error({ err: error }, 'Telegram update not handled; Telegram will deliver it again');
      if (!reply.sent) {
        return reply.code(500).send({ code: 'TURN_TIMEOUT', message: 'Not handled; deliver it again.' });
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
