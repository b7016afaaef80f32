import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { createRedis } from '../core/redis.ts';
import { logRedisErrors } from '../core/redis-error-log.ts';
import { VisitorRegistry } from '../adapters/web/visitor-registry.ts';
import { WebConnections } from '../adapters/web/web-connections.ts';
import { createChannelLinking } from './channel-linking-setup.ts';
import { registerChannelLinkRoutes } from '../handoff/channel-link-routes.ts';
import { ConversationWriter } from '../conversations/conversation-writer.ts';
import { ChannelRegistry } from '../adapters/channel-adapter.ts';
import { RedisConversationEvents } from '../conversations/redis-conversation-events.ts';
import { RedisConversationStore } from '../conversations/redis-conversation-store.ts';
import { TurnQueue } from '../conversations/turn-queue.ts';
import { DialogEngine } from '../dialogs/dialog-engine.ts';
import { createTurnRunner } from '../dialogs/turn-runner.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { buildIndexInSlices } from '../knowledge/search-index.ts';
import { createApp } from './app.ts';
import { widgetScripts } from './widget-scripts.ts';
import { digitPolicy } from '../language/digits.ts';
import { createHumanSide, type HumanSide } from './human-side.ts';
import { createContentSources, type ContentSources } from './content-sources.ts';
import { ContentSync } from '../editor/content-sync.ts';
import { ContentFiles } from '../editor/content-files.ts';
import { registerTelegram } from '../adapters/telegram/telegram-channel.ts';
import { registerBotFramework } from '../adapters/botframework/botframework-channel.ts';
import { createHttpWayBack } from '../adapters/http/http-way-back.ts';
import { registerHttpCallbackRoutes } from '../admin/http-callback-routes.ts';
import { startSlack } from '../adapters/slack/slack-side.ts';
import { lineByPool } from '../handoff/line-by-pool.ts';
import { createLogger, resolveLogFormat } from '../observability/logger.ts';
import { Metrics } from '../observability/metrics.ts';
import { createReports, type Reports } from '../reports/reports.ts';
import { createInbox, type Inbox } from '../inbox/inbox.ts';
import { composeTurnObservers } from '../dialogs/dialog-observer.ts';
import { Readiness } from '../observability/readiness.ts';

export interface Hamdel {
  readonly app: FastifyInstance;
  /** Register channel adapters here (before messages arrive on their channel). */
  readonly channels: ChannelRegistry;
  /** Hands inbound messages of any channel to the dialog engine, in order and once each. */
  readonly turns: TurnQueue;
  /** Agents, the human queue and its service. */
  readonly human: HumanSide;
  readonly knowledge: KnowledgeBase;
  /** Messages, lexicons, canned replies, teams and style rules, each watched and swapped whole. */
  readonly content: ContentSources;
  /** The one way editors' changes reach the content folder, shared with every process (content-files.ts). */
  readonly contentFiles: ContentFiles;
  /** Editors' saves shared with every process (src/editor/content-sync.ts). */
  readonly contentSync: ContentSync;
  /** Prometheus metrics (served at /metrics); the turn queue reports whole turns with `observeTurn`. */
  readonly metrics: Metrics;
  /** Report events and the reports API (docs/reports.md). */
  readonly reports: Reports;
  /** The editors' unanswered inbox and the answers to "did this help?". */
  readonly inbox: Inbox;
  /** What /readyz reports; `setDraining()` on SIGTERM. */
  readonly readiness: Readiness;
  /** The widget's connections: limits and what they did. */
  readonly webConnections: WebConnections;
  /** The widget's anonymous visitors (credentials issued, checked, rotated). */
  readonly visitors: VisitorRegistry;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops taking work, lets running turns finish, and closes every connection. */
  close(): Promise<void>;
}

export interface HamdelOptions {
  readonly clock?: Clock;
  /** Outbound adapters of channels other than the web widget (Telegram, Slack, an integrator's own). */
  readonly channels?: ChannelRegistry;
  /** The window of every rate limit (default a minute; tests shorten it). */
  readonly rateWindowMs?: number;
}

/** Wires hamdel's parts together from the settings: Redis, content, the dialog engine and the server. */
export async function createHamdel(config: Config, options: HamdelOptions = {}): Promise<Hamdel> {
  const clock = options.clock ?? systemClock;
  const log = createLogger({ level: config.LOG_LEVEL, format: resolveLogFormat(config.LOG_FORMAT) });
  const onError = logRedisErrors(log);
  const redis = createRedis(config, 'commands', { onError });
  const subscriber = createRedis(config, 'events', { onError });
  const metrics = new Metrics({ clock });
  metrics.watchRedis(redis, 'commands');
  metrics.watchRedis(subscriber, 'events');
  await Promise.all([redis.connect(), subscriber.connect()]);

  const prefix = config.KEY_PREFIX;
  const store = new RedisConversationStore({
    redis,
    prefix,
    retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
    clock,
    announce: true,
  });
  const events = new RedisConversationEvents({ redis, subscriber, prefix });
  const channels =
    options.channels ??
    new ChannelRegistry((error, channel) =>
      log.warn({ err: error, channel }, 'channel could not show a status'),
    );
  const writer = new ConversationWriter({ store, events, deliver: channels.deliver });

  const knowledge = new KnowledgeBase({
    articlesDir: path.join(config.CONTENT_DIR, 'articles'),
    synonymsDir: path.join(config.CONTENT_DIR, 'synonyms'),
    dialectsDir: path.join(config.CONTENT_DIR, 'dialects'),
    offTopicDir: path.join(config.CONTENT_DIR, 'off-topic'),
    buildIndex: buildIndexInSlices,
    onLoad: (snapshot) => {
      for (const problem of snapshot.problems) {
        log.warn(
          problem,
          problem.kept ? 'broken edit: the previous version stays in use' : 'article skipped',
        );
      }
      log.info(
        { articles: snapshot.articles.length, problems: snapshot.problems.length },
        'knowledge base loaded',
      );
    },
    onError: (error) => log.error({ err: error }, 'knowledge base reload failed'),
  });
  const content = createContentSources(config.CONTENT_DIR, log); // messages, lexicons, canned, teams, style
  const catalog = content.catalog;
  // Editors' saves go through the content files, which share them with every process; the saves made on
  // other processes come into this content folder before it is read.
  const contentFiles: ContentFiles = new ContentFiles({
    root: config.CONTENT_DIR,
    redis,
    prefix,
    sync: {
      refresh: (relative): Promise<void> => contentSync.refresh(relative),
      publish: (change): Promise<unknown> => contentSync.publish(change),
    },
  });
  const contentSync: ContentSync = new ContentSync({
    redis,
    events,
    prefix,
    files: contentFiles,
    clock,
    log,
  });
  await contentSync.start();
  await Promise.all([knowledge.load(), content.load()]);
  const reports = createReports(
    config,
    redis,
    clock,
    (error) => log.warn({ err: error }, 'a report event was not recorded'),
    () => content.teams.current,
  );
  const inbox = createInbox(
    config,
    redis,
    clock,
    () => knowledge.current,
    (error) => log.warn({ err: error }, 'an unanswered question was not recorded'),
  );
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
    canned: () => content.canned.current,
    fileTeams: () => content.teams.current,
    styles: () => content.styles.current,
    contentFiles,
    channels,
    metrics,
    reports,
    anger: () => content.anger.current,
    inbox,
  });
  metrics.watch({ line: () => lineByPool(human.queue), agents: () => human.presence.list() });

  const linking = createChannelLinking({ config, redis, prefix, clock, events, store, audit: human.audit });
  const engine = new DialogEngine({
    knowledge: () => knowledge.current,
    catalog: () => catalog.current,
    clock,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    handoff: true,
    anger: () => content.anger.current,
    angerAction: config.ANGER_ACTION,
    observer: metrics,
    digits: digitPolicy(config),
    ...(config.HELPFUL_QUESTION ? { helpful: { gapMs: config.HELPFUL_QUESTION_GAP_MINUTES * 60_000 } } : {}),
    linking,
    ...(config.TELEGRAM_BOT_USERNAME ? { telegramBot: config.TELEGRAM_BOT_USERNAME } : {}),
  });
  const turns = new TurnQueue({
    redis,
    resolve: (message) => linking.resolve(message),
    events,
    prefix,
    announce: true,
    entries: (conversationId, ids) => store.entries(conversationId, ids),
    handler: metrics.timeTurns(
      createTurnRunner({
        store,
        events,
        engine,
        clock,
        writer,
        channels,
        handoff: human.service,
        observer: composeTurnObservers(reports.observer, inbox.recorder),
      }),
    ),
    onError: (error, message) =>
      log.error({ err: error, conversationId: message.conversationId }, 'turn failed'),
  });
  turns.startSweeping();

  const wayBack = createHttpWayBack({
    config,
    redis,
    bullConnection: () => createRedis(config, 'bullmq', { forBullMQ: true, onError }),
    channels,
    clock,
    onError,
    onFailure: (failure) => log.warn(failure, 'HTTP channel callback failed'),
  });

  const readiness = new Readiness({
    redis: async () => (await redis.ping()) === 'PONG',
    content: () => Boolean(knowledge.current && catalog.current),
  });
  const webConnections = new WebConnections({
    perAddress: config.WIDGET_CONNECTIONS_PER_IP,
    total: config.WIDGET_MAX_CONNECTIONS,
  });
  const visitors = new VisitorRegistry({
    redis,
    prefix,
    clock,
    retentionMs: config.TRANSCRIPT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
  });
  const app = await createApp({
    config,
    visitors,
    logger: log,
    store,
    events,
    turns,
    clock,
    widgetScripts: widgetScripts({ digits: digitPolicy(config) }),
    readiness,
    metrics,
    webConnections,
    redis,
    ...(options.rateWindowMs ? { rateWindowMs: options.rateWindowMs } : {}),
    ...(wayBack ? { httpCallbacks: wayBack.channelOptions } : {}),
    waitOf: (conversation) => human.service.shownWait(conversation),
    homeOf: (conversationId) => linking.homeOf(conversationId),
  });

  const requireAgent = await human.register(app);
  await registerChannelLinkRoutes(app, { linking, ticket: (id) => human.queue.ticket(id), requireAgent });
  if (wayBack) {
    await registerHttpCallbackRoutes(app, { delivery: wayBack.delivery, audit: human.audit, requireAgent });
  }
  const telegramParts = { turns, channels, redis, clock, catalog: () => catalog.current };
  await registerTelegram(app, telegramParts, config);
  registerBotFramework(app, telegramParts, config); // the same parts: turns, channels, Redis, clock, catalog
  human.start();
  reports.observer.start();
  const slack = await startSlack({ config, app, redis, events, store, turns, human, channels, clock, log });
  if (config.CONTENT_WATCH) await Promise.all([knowledge.watch(), content.watch()]);

  return {
    app,
    channels,
    turns,
    human,
    knowledge,
    content,
    contentFiles,
    contentSync,
    metrics,
    reports,
    inbox,
    readiness,
    webConnections,
    visitors,
    async listen() {
      return app.listen({ port: config.PORT, host: config.HOST });
    },
    async close() {
      readiness.setDraining();
      await slack?.close();
      // Stop accepting: open sockets are closed so widgets reconnect to another process (and resend what
      // they have not seen answered); requests already running finish with their turns.
      const serving = app.close();
      await turns.close();
      await wayBack?.close();
      await human.close();
      await reports.observer.stop();
      await inbox.recorder.flush();
      await serving;
      await contentSync.close();
      await knowledge.close();
      await content.close();
      await events.close();
      redis.disconnect();
    },
  };
}
