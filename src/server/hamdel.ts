import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { createRedis } from '../core/redis.ts';
import { ConversationWriter } from '../conversations/conversation-writer.ts';
import { ChannelRegistry } from '../adapters/channel-adapter.ts';
import { RedisConversationEvents } from '../conversations/redis-conversation-events.ts';
import { RedisConversationStore } from '../conversations/redis-conversation-store.ts';
import { TurnQueue } from '../conversations/turn-queue.ts';
import { CatalogSource } from '../dialogs/catalog-source.ts';
import { DialogEngine } from '../dialogs/dialog-engine.ts';
import { createTurnRunner } from '../dialogs/turn-runner.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { buildIndexInSlices } from '../knowledge/search-index.ts';
import { createApp } from './app.ts';
import { cachedBundle } from './browser-bundle.ts';
import { createHumanSide, type HumanSide } from './human-side.ts';
import { loadCannedReplies } from '../handoff/canned-replies.ts';
import { loadTeamHours } from '../handoff/teams.ts';
import { loadAngerDetector } from '../sentiment/detector.ts';
import { registerTelegram } from '../adapters/telegram/telegram-channel.ts';
import { startSlack } from '../adapters/slack/slack-side.ts';

export interface Hamdel {
  readonly app: FastifyInstance;
  /** Register channel adapters here (before messages arrive on their channel). */
  readonly channels: ChannelRegistry;
  /** Hands inbound messages of any channel to the dialog engine, in order and once each. */
  readonly turns: TurnQueue;
  /** Agents, the human queue and its service. */
  readonly human: HumanSide;
  readonly knowledge: KnowledgeBase;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops taking work, lets running turns finish, and closes every connection. */
  close(): Promise<void>;
}

export interface HamdelOptions {
  readonly clock?: Clock;
  /** Outbound adapters of channels other than the web widget (Telegram, Slack, an integrator's own). */
  readonly channels?: ChannelRegistry;
}

/** Wires hamdel's parts together from the settings: Redis, content, the dialog engine and the server. */
export async function createHamdel(config: Config, options: HamdelOptions = {}): Promise<Hamdel> {
  const clock = options.clock ?? systemClock;
  const redis = createRedis(config, 'commands');
  const subscriber = createRedis(config, 'events');
  await Promise.all([redis.connect(), subscriber.connect()]);
  // The conversation store and the turn queue still name ioredis's `Redis` type; every command they run works
  // on a Cluster too (their keys carry the conversation's hash tag). Goes when they take RedisConnection.
  const conversationRedis = redis as Redis;

  const prefix = config.KEY_PREFIX;
  const store = new RedisConversationStore({
    redis: conversationRedis,
    prefix,
    retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
    clock,
  });
  const events = new RedisConversationEvents({ redis, subscriber, prefix });
  const channels =
    options.channels ??
    new ChannelRegistry((error, channel) =>
      log.warn({ err: error, channel }, 'channel could not show a status'),
    );
  const writer = new ConversationWriter({ store, events, deliver: channels.deliver });

  const log = pino({ level: config.LOG_LEVEL });
  const knowledge = new KnowledgeBase({
    articlesDir: path.join(config.CONTENT_DIR, 'articles'),
    synonymsDir: path.join(config.CONTENT_DIR, 'synonyms'),
    buildIndex: buildIndexInSlices,
    onLoad: (snapshot) => {
      for (const problem of snapshot.problems) log.warn(problem, 'article skipped');
      log.info(
        { articles: snapshot.articles.length, problems: snapshot.problems.length },
        'knowledge base loaded',
      );
    },
    onError: (error) => log.error({ err: error }, 'knowledge base reload failed'),
  });
  const catalog = new CatalogSource(path.join(config.CONTENT_DIR, 'messages'), (error) =>
    log.error({ err: error }, 'message catalog reload failed; the previous catalog stays in use'),
  );
  await Promise.all([knowledge.load(), catalog.load()]);
  const anger = await loadAngerDetector({ lexiconDir: path.join(config.CONTENT_DIR, 'lexicons') });
  const canned = await loadCannedReplies(path.join(config.CONTENT_DIR, 'canned'));
  const teamHours = await loadTeamHours(path.join(config.CONTENT_DIR, 'teams.yaml'));
  const human = createHumanSide({
    config,
    redis,
    clock,
    log,
    store,
    events,
    writer,
    catalog: () => catalog.current,
    knowledge: () => knowledge.current,
    canned: () => canned,
    hours: (team) => teamHours.get(team),
    channels,
  });

  const engine = new DialogEngine({
    knowledge: () => knowledge.current,
    catalog: () => catalog.current,
    clock,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    handoff: true,
    anger,
    angerAction: config.ANGER_ACTION,
  });
  const turns = new TurnQueue({
    redis: conversationRedis,
    events,
    prefix,
    handler: createTurnRunner({ store, events, engine, clock, writer, channels, handoff: human.service }),
    onError: (error, message) =>
      log.error({ err: error, conversationId: message.conversationId }, 'turn failed'),
  });

  const app = await createApp({
    config,
    logger: log,
    store,
    events,
    turns,
    clock,
    knowledge: () => knowledge.current,
    widgetScript: cachedBundle('widget', { minify: true }),
    redisHealthy: async () => (await redis.ping().catch(() => 'down')) === 'PONG',
  });

  await human.register(app);
  const telegramParts = { turns, channels, redis, clock, catalog: () => catalog.current };
  await registerTelegram(app, telegramParts, config);
  human.start();
  const slack = await startSlack({ config, app, redis, events, turns, human, channels, clock, log });
  if (config.CONTENT_WATCH) await Promise.all([knowledge.watch(), catalog.watch()]);

  return {
    app,
    channels,
    turns,
    human,
    knowledge,
    async listen() {
      return app.listen({ port: config.PORT, host: config.HOST });
    },
    async close() {
      await slack?.close();
      await knowledge.close();
      await catalog.close();
      await turns.close();
      await human.close();
      await app.close();
      await events.close();
      redis.disconnect();
    },
  };
}
