import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { logRedisErrors } from '../core/redis-error-log.ts';
import { createRedis } from '../core/redis.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { Language } from '../core/language.ts';
import { registerAgentAuth } from '../agents/auth-routes.ts';
import { isActive } from '../agents/agent.ts';
import { servesChats } from '../agents/agent-role.ts';
import { RedisPresence } from '../agents/presence.ts';
import { RedisAgentStore } from '../agents/redis-agent-store.ts';
import { RedisSessions } from '../agents/sessions.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { ConversationWriter } from '../conversations/conversation-writer.ts';
import type { ChannelRegistry } from '../adapters/channel-adapter.ts';
import type { MessageCatalog } from '../dialogs/message-catalog.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { CannedReply } from '../handoff/console-protocol.ts';
import { registerConsoleChannel } from '../handoff/console/console-channel.ts';
import { HandoffQueue } from '../handoff/handoff-queue.ts';
import type { BusinessHours } from '../handoff/business-hours.ts';
import { HandoffService } from '../handoff/handoff-service.ts';
import { createWaitNotice } from '../handoff/wait-notice.ts';
import { Supervisor } from '../handoff/supervisor.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { AngerDetector } from '../sentiment/detector.ts';
import { CustomerData } from '../privacy/customer-data.ts';
import { ReportErasure } from '../reports/report-erasure.ts';
import { registerCustomerRoutes } from '../privacy/customer-routes.ts';
import { ConversationLinks } from '../conversations/conversation-links.ts';
import { composeHandoffObservers, type HandoffObserver } from '../handoff/handoff-observer.ts';
import type { Reports } from '../reports/reports.ts';
import { registerReportRoutes } from '../reports/report-routes.ts';
import { registerLiveRoute } from '../reports/live-route.ts';
import { registerTranscriptRoute } from '../reports/transcript-route.ts';
import { registerSupervisorDashboard } from '../supervisor/supervisor-dashboard.ts';
import { cachedBundle } from './browser-bundle.ts';
import { digitPolicy } from '../language/digits.ts';
import { TeamSettings } from '../handoff/team-settings.ts';
import { CannedSettings } from '../handoff/canned-settings.ts';
import { AuditLog } from '../core/audit-log.ts';
import { registerAdminSettingsRoutes } from '../admin/admin-settings-routes.ts';
import { registerAdminConsole } from '../admin/admin-console.ts';
import { registerEditorConsole } from '../editor/editor-console.ts';
import { registerArticleRoutes } from '../editor/article-routes.ts';
import { ContentFiles } from '../editor/content-files.ts';
import { EditorArticles } from '../editor/editor-articles.ts';
import { registerEditorKnowledge } from '../editor/editor-knowledge.ts';
import { registerStyleRoutes } from '../editor/style-routes.ts';
import type { StyleByLanguage } from '../knowledge/style-check.ts';
import { registerInboxRoutes } from '../editor/inbox-routes.ts';
import type { Inbox } from '../inbox/inbox.ts';
import { registerSlackLinkRoutes } from '../admin/slack-link-routes.ts';
import { SlackAgentLinks } from '../adapters/slack/agent-links.ts';

export interface HumanSideOptions {
  readonly config: Config;
  readonly redis: RedisConnection;
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly writer: ConversationWriter;
  readonly catalog: () => MessageCatalog;
  readonly knowledge: () => KnowledgeSnapshot;
  readonly canned: () => Readonly<Record<Language, readonly CannedReply[]>>;
  readonly channels: ChannelRegistry;
  /** The teams of content/teams.yaml with their hours: the seed of the admin's teams (team-settings.ts). */
  readonly fileTeams: () => ReadonlyMap<string, BusinessHours>;
  /** The style rules of content/style, for the editor's marks (none: empty rules). */
  readonly styles?: () => StyleByLanguage;
  /** How editors' changes reach CONTENT_DIR (and the other processes); default: this process only. */
  readonly contentFiles?: ContentFiles;
  /** Counts escalations and the BullMQ connection's Redis errors. */
  readonly metrics?: Metrics;
  /** Records the human side's facts and serves the reports API. */
  readonly reports?: Reports;
  /** The anger detector as it is now (the editors' preview reads a question's mood as the bot does). */
  readonly anger?: () => AngerDetector;
  /** The editors' unanswered inbox and helpful rates (served under /api/editor/). */
  readonly inbox?: Inbox;
}

export interface HumanSide {
  readonly service: HandoffService;
  readonly queue: HandoffQueue;
  readonly agents: RedisAgentStore;
  readonly presence: RedisPresence;
  /** Teams, hours and routing rules, as admins set them (every process follows changes). */
  readonly settings: TeamSettings;
  readonly audit: AuditLog;
  /** Registers sign-in, the admin API (agents, customers' data) and the agent console on the app. */
  register(app: FastifyInstance): Promise<RequireAgent>;
  start(): void;
  close(): Promise<void>;
}

/** Everything about people: agents and their sign-in and presence, the BullMQ queue, the console. */
export function createHumanSide(o: HumanSideOptions): HumanSide {
  const prefix = o.config.KEY_PREFIX;
  const digits = digitPolicy(o.config);
  const onError = logRedisErrors(o.log);
  const bull = createRedis(o.config, 'bullmq', { forBullMQ: true, onError });
  o.metrics?.watchRedis(bull, 'bullmq');
  const agents = new RedisAgentStore({ redis: o.redis, prefix, clock: o.clock });
  const presence = new RedisPresence({
    redis: o.redis,
    prefix,
    clock: o.clock,
    heartbeatTtlMs: o.config.AGENT_PRESENCE_TTL_SECONDS * 1000,
  });
  const sessions = new RedisSessions({ redis: o.redis, prefix, clock: o.clock });
  /**
   * The accounts that serve chats: a deactivated agent or an editor is neither counted for waits nor shown
   * as staff.
   */
  const activeAgents = async () =>
    (await agents.list()).filter((agent) => isActive(agent) && servesChats(agent.role));
  const settings = new TeamSettings({
    redis: o.redis,
    prefix,
    events: o.events,
    fileTeams: o.fileTeams,
    onError: (error) => o.log.error({ err: error }, 'admin settings could not be read; the previous stay'),
  });
  const audit = new AuditLog({
    redis: o.redis,
    prefix,
    clock: o.clock,
    retentionDays: o.config.ADMIN_AUDIT_RETENTION_DAYS,
  });
  const hours = (team: string) => settings.hours(team);
  const canned = new CannedSettings({
    redis: o.redis,
    prefix,
    events: o.events,
    fileReplies: o.canned,
    onError: (error) =>
      o.log.error({ err: error }, 'admin canned replies could not be read; the previous stay'),
  });
  const queue = new HandoffQueue({
    redis: o.redis,
    bullConnection: bull,
    prefix,
    clock: o.clock,
    lockMs: o.config.HANDOFF_LOCK_SECONDS * 1000,
    maxOvertakeMs: o.config.HANDOFF_MAX_OVERTAKE_SECONDS * 1000,
    closedRetentionMs: o.config.CLOSED_TICKET_RETENTION_DAYS * 86_400_000,
    onError,
  });
  const links = new ConversationLinks({
    redis: o.redis,
    prefix,
    clock: o.clock,
    retentionMs: o.config.TRANSCRIPT_RETENTION_DAYS * 86_400_000,
  });
  const service = new HandoffService({
    queue,
    linkedAddresses: async (id) => (await links.linksOf(id)).map((link) => link.address),
    store: o.store,
    writer: o.writer,
    events: o.events,
    clock: o.clock,
    catalog: o.catalog,
    knowledge: o.knowledge,
    channels: o.channels,
    waitNotice: createWaitNotice({
      queue,
      agents: activeAgents,
      presence: (agentId) => presence.get(agentId),
      catalog: o.catalog,
      clock: o.clock,
      hours,
      digits,
    }),
    ...observerOf(o),
    rules: () => settings.rules(),
    digits,
  });
  const supervisor = new Supervisor({
    redis: o.redis,
    prefix,
    queue,
    service,
    store: o.store,
    // Online and active: a deactivated agent's chats go back even if a late heartbeat marked them online.
    isPresent: async (agentId) => {
      if ((await presence.get(agentId)).status !== 'online') return false;
      const agent = await agents.get(agentId);
      return agent !== undefined && isActive(agent) && servesChats(agent.role);
    },
    agentName: async (agentId) => (await agents.get(agentId))?.name ?? agentId,
    intervalMs: o.config.HANDOFF_SUPERVISOR_INTERVAL_MS,
    beforeTick: async () => {
      await presence.sweep();
    },
    onError: (error) => o.log.error({ err: error }, 'handoff supervisor failed'),
  });

  return {
    service,
    queue,
    agents,
    presence,
    settings,
    audit,
    async register(app) {
      await settings.start();
      await canned.start();
      const auth = await registerAgentAuth(app, {
        store: agents,
        sessions,
        presence,
        events: o.events,
        audit,
      });
      await registerAdminSettingsRoutes(app, { settings, canned, audit, requireAgent: auth.requireAgent });
      await registerSlackLinkRoutes(app, {
        links: new SlackAgentLinks(o.redis, prefix),
        agents,
        audit,
        requireAgent: auth.requireAgent,
      });
      await registerAdminConsole(app, {
        requireAgent: auth.requireAgent,
        script: cachedBundle('admin', { minify: true, settings: { digits } }),
      });
      const reports = new ReportErasure({ redis: o.redis, prefix, timeZone: o.config.BUSINESS_TIME_ZONE });
      const data = new CustomerData({
        redis: o.redis,
        prefix,
        queue,
        clock: o.clock,
        reports,
        ...(o.inbox ? { inbox: o.inbox.erasure } : {}),
      });
      if (o.reports) {
        await registerReportRoutes(app, {
          reader: o.reports.reader,
          list: o.reports.list,
          eventsRetentionMs: o.reports.eventsRetentionMs,
          requireAgent: auth.requireAgent,
          clock: o.clock,
          timeZone: o.reports.timeZone,
          digits,
        });
      }
      await registerTranscriptRoute(app, {
        requireAgent: auth.requireAgent,
        conversation: (id) => o.store.get(id),
        transcript: (id) => o.store.transcript(id),
        closedTickets: (id) => queue.closedOf(id),
        notes: (id) => service.notesOf(id),
        audit,
      });
      await registerLiveRoute(app, {
        requireAgent: auth.requireAgent,
        waitingIds: () => queue.waitingIds(),
        ticket: (id) => queue.ticket(id),
        agents: activeAgents,
        presence: () => presence.list(),
        now: () => o.clock.now(),
      });
      await registerEditorConsole(app, {
        requireAgent: auth.requireAgent,
        script: cachedBundle('editor', { minify: true, settings: { digits } }),
      });
      const contentFiles =
        o.contentFiles ?? new ContentFiles({ root: o.config.CONTENT_DIR, redis: o.redis, prefix });
      await registerArticleRoutes(app, {
        articles: new EditorArticles(contentFiles),
        audit,
        requireAgent: auth.requireAgent,
      });
      await registerEditorKnowledge(app, { ...o, digits, requireAgent: auth.requireAgent });
      if (o.styles) await registerStyleRoutes(app, { requireAgent: auth.requireAgent, styles: o.styles });
      if (o.inbox) {
        const { inbox, rates } = o.inbox;
        const { requireAgent } = auth;
        await registerInboxRoutes(app, {
          inbox,
          rates,
          knowledge: o.knowledge,
          audit,
          clock: o.clock,
          requireAgent,
        });
      }
      await registerSupervisorDashboard(app, {
        requireAgent: auth.requireAgent,
        script: cachedBundle('supervisor', { minify: true, settings: { digits } }),
      });
      await registerCustomerRoutes(app, { data, requireAgent: auth.requireAgent });
      await registerConsoleChannel(app, {
        service,
        queue,
        events: o.events,
        agents,
        sessions,
        presence,
        requireAgent: auth.requireAgent,
        clock: o.clock,
        canned: () => canned.current(),
        consoleScript: cachedBundle('console', { minify: true, settings: { digits } }),
        sendBufferBytes: o.config.SOCKET_SEND_BUFFER_BYTES,
      });
      return auth.requireAgent; // for the admin routes of other parts (the HTTP channel's dead letters)
    },
    start() {
      supervisor.start();
    },
    async close() {
      await supervisor.stop();
      await settings.close();
      await canned.close();
      await queue.close();
      bull.disconnect();
    },
  };
}

/** The handoff service's observer: metrics and reports, each when present. */
function observerOf(o: HumanSideOptions): { observer?: HandoffObserver } {
  const observers: HandoffObserver[] = [];
  if (o.metrics) observers.push(o.metrics);
  if (o.reports) observers.push(o.reports.observer);
  if (observers.length === 0) return {};
  return { observer: observers.length === 1 ? observers[0] : composeHandoffObservers(...observers) };
}
