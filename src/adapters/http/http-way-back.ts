import type { ChannelRegistry } from '../channel-adapter.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { RedisErrorListener } from '../../core/redis-error-log.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import { CallbackDelivery } from './callback-delivery.ts';
import { CallbackOutbox } from './callback-outbox.ts';
import { HttpCallbackAdapter } from './http-callback-adapter.ts';
import { httpIntegrators } from './http-integrators.ts';

/** The HTTP channel's way back, as the server wires it. */
export interface HttpWayBack {
  readonly outbox: CallbackOutbox;
  readonly delivery: CallbackDelivery;
  /** What POST /api/messages needs for a conversation's `callbackUrl`. */
  readonly channelOptions: { outbox: CallbackOutbox; canSign: boolean; allowInsecure: boolean };
  close(): Promise<void>;
}

/**
 * Builds the callbacks' outbox and BullMQ delivery and registers the `http` outbound adapter, when the
 * HTTP channel is on and HTTP_CHANNEL_CALLBACK_SECRET is set (callbacks are always signed); else nothing.
 * `connection` is a BullMQ connection (createRedis with forBullMQ).
 */
export function createHttpWayBack(parts: {
  readonly config: Config;
  readonly redis: RedisConnection;
  readonly bullConnection: () => RedisConnection;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly onError?: RedisErrorListener;
  readonly onFailure?: ConstructorParameters<typeof CallbackDelivery>[0]['onFailure'];
}): HttpWayBack | undefined {
  const { config } = parts;
  const secret = config.HTTP_CHANNEL_CALLBACK_SECRET;
  if (httpIntegrators(config).length === 0 || !secret) return undefined;
  const retentionMs = config.TRANSCRIPT_RETENTION_DAYS * 24 * 3600 * 1000;
  const outbox = new CallbackOutbox(parts.redis, config.KEY_PREFIX, retentionMs);
  const connection = parts.bullConnection();
  const delivery = new CallbackDelivery({
    connection,
    prefix: config.KEY_PREFIX,
    outbox,
    clock: parts.clock,
    secret,
    defaultUrl: config.HTTP_CHANNEL_CALLBACK_URL,
    allowInsecure: config.HTTP_CHANNEL_CALLBACK_INSECURE,
    attempts: config.HTTP_CHANNEL_CALLBACK_ATTEMPTS,
    backoffMs: config.HTTP_CHANNEL_CALLBACK_BACKOFF_MS,
    timeoutMs: config.HTTP_CHANNEL_CALLBACK_TIMEOUT_MS,
    ...(parts.onError ? { onError: parts.onError } : {}),
    ...(parts.onFailure ? { onFailure: parts.onFailure } : {}),
  });
  parts.channels.register(
    new HttpCallbackAdapter({ outbox, delivery, defaultUrl: config.HTTP_CHANNEL_CALLBACK_URL }),
  );
  delivery.start();
  return {
    outbox,
    delivery,
    channelOptions: { outbox, canSign: true, allowInsecure: config.HTTP_CHANNEL_CALLBACK_INSECURE },
    async close() {
      await delivery.close();
      connection.disconnect();
    },
  };
}
