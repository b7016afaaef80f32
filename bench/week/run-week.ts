/**
 * Runs a simulated week through the real service and compares its reports with the simulation's own
 * figures. The service is a real hamdel server in this process (test/helpers/test-server.ts) on real Redis,
 * with a clock only the simulation moves: customers write through the web widget's WebSocket, the HTTP
 * channel and Telegram's webhook (a fake Bot API answers the bot's calls), agents work through the agent
 * console's WebSocket, an admin sets the routing rules over the admin API, and a supervisor reads the
 * reports API. Between two moments of the simulation the service finishes all it was asked (every turn,
 * every console command), so each fact happens at the simulation's time exactly.
 */
import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../src/core/clock.ts';
import { MessageCatalog } from '../../src/dialogs/message-catalog.ts';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { random } from '../../src/core/random.ts';
import { CONTENT_DIR } from '../../test/helpers/content.ts';
import { FakeTelegram } from '../../test/helpers/fake-telegram.ts';
import { startTestServer, type TestServer } from '../../test/helpers/test-server.ts';
import { planShifts } from './agent-shift.ts';
import { signIn } from './agent-desk.ts';
import { dayStart, shiftDay } from './calendar.ts';
import { HttpCustomer } from './channels/http-customer.ts';
import type { CustomerLine, Settle } from './channels/customer-line.ts';
import { TelegramCustomer, type TelegramWebhook } from './channels/telegram-customer.ts';
import { WebCustomer } from './channels/web-customer.ts';
import { planVisits } from './customer-journey.ts';
import { EventQueue } from './event-queue.ts';
import { ExpectedFigures, type Figures, type WeekRules } from './expected-figures.ts';
import { FigureRows } from './figure-rows.ts';
import { checkLive } from './live-check.ts';
import { ReplyReader } from './reply-reader.ts';
import { checkReports, ReportsClient } from './report-check.ts';
import { SimLog } from './sim-log.ts';
import { planWeek, type PlannedCustomer } from './week-plan.ts';
import { World, type Route } from './week-world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = 'simulated week password 1';
const HTTP_TOKEN = 'simulated-week-http-token';
const TELEGRAM_SECRET = 'simulated-week-webhook-secret';

export interface WeekOptions {
  readonly seed: number;
  /** Customers who first write during the week. */
  readonly customers: number;
  /** A Thursday: the business days of a 7-day rollup block start on one (day 0 of 1970 was a Thursday). */
  readonly firstDay?: string;
  /** Told what the simulation is doing (for the bench's progress lines). */
  readonly progress?: (line: string) => void;
}

export interface WeekResult {
  readonly rows: FigureRows;
  readonly log: SimLog;
  /** The week's figures as the simulation counted them (in total, and by team). */
  readonly week: { readonly total: Figures; readonly byTeam: ReadonlyMap<string, Figures> };
  readonly seconds: { readonly week: number; readonly reports: number };
  readonly counts: Readonly<Record<string, number>>;
}

/** What the week's rules are: the settings the server runs with, as the simulation counts them. */
const BILLING_SLA_MS = 120_000;
const RULES: WeekRules = { idleMs: 24 * HOUR, slaMs: 300_000, slaByTeam: { billing: BILLING_SLA_MS } };
const BUSINESS_TZ = 'Asia/Dubai';
const ROUTES: readonly Route[] = [
  { when: 'topic', value: 'payment', team: 'billing' },
  { when: 'channel', value: 'telegram', team: 'messaging' },
];

/** The sample content, with a billing team of its own SLA target added to teams.yaml. */
async function contentCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-week-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  const teams = await readFile(path.join(dir, 'teams.yaml'), 'utf8');
  const billing = teams
    .slice(teams.indexOf('default:'))
    .replace('default:', 'billing:')
    .replace(/\n {2}closedDates:.*\n?/, '\n')
    .concat(`  slaWaitSeconds: ${BILLING_SLA_MS / 1000}\n`);
  await writeFile(path.join(dir, 'teams.yaml'), `${teams.trimEnd()}\n${billing}`);
  return dir;
}

export async function runWeek(options: WeekOptions): Promise<WeekResult> {
  const progress = options.progress ?? (() => undefined);
  const firstDay = options.firstDay ?? '2026-11-19';
  const plan = planWeek({
    seed: options.seed,
    customers: options.customers,
    firstDay,
    timeZone: BUSINESS_TZ,
  });
  const content = await contentCopy();
  const fake = await FakeTelegram.start();
  const clock = new ManualClock(plan.start - HOUR);
  let server: TestServer | undefined;
  const lines: CustomerLine[] = [];
  const log = new SimLog();
  const rows = new FigureRows();
  try {
    server = await startTestServer({
      clock,
      env: {
        CONTENT_DIR: content,
        BUSINESS_TIME_ZONE: BUSINESS_TZ,
        REPORT_IDLE_HOURS: String(RULES.idleMs / HOUR),
        SLA_WAIT_SECONDS: String(RULES.slaMs / 1000),
        HTTP_CHANNEL_TOKEN: HTTP_TOKEN,
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: fake.apiRoot,
        // Presence lives on the simulation's clock: agents say when they come and go (status), and their
        // consoles stay open all week, so a heartbeat's time to live longer than the week keeps them present.
        AGENT_PRESENCE_TTL_SECONDS: String(30 * 24 * 3600),
        // Chats of an agent who goes away are returned by the supervisor's round: a short round keeps the
        // simulation from waiting long for it.
        HANDOFF_SUPERVISOR_INTERVAL_MS: '300',
        // Every customer and agent connects from 127.0.0.1, hundreds of times a real minute.
        RATE_LIMIT_PER_MINUTE: '1000000',
        WIDGET_HELLOS_PER_MINUTE: '1000000',
        CUSTOMER_MESSAGES_PER_MINUTE: '0',
        CUSTOMER_HELLOS_PER_MINUTE: '0',
        CUSTOMER_TYPING_PER_MINUTE: '0',
        API_RATE_LIMIT_PER_MINUTE: '0',
        HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '0',
        LOGIN_RATE_LIMIT_PER_MINUTE: '0',
        WEBSOCKET_UPGRADES_PER_MINUTE: '0',
        WIDGET_CONNECTIONS_PER_IP: '0',
      },
    });
    const { hamdel, url } = server;
    const settle: Settle = () => hamdel.turns.settled();
    const knowledge = await new KnowledgeBase({
      articlesDir: path.join(content, 'articles'),
      buildIndex: () => ({ size: 0, search: () => [] }),
    }).load();
    const catalog = await MessageCatalog.load(path.join(content, 'messages'));
    const reader = new ReplyReader(knowledge, catalog);

    for (const agent of plan.agents) {
      const { id, name, team, languages, capacity } = agent;
      await hamdel.human.agents.create({ id, name, team, languages, capacity, password: PASSWORD });
    }
    await hamdel.human.agents.create({
      id: 'boss',
      name: 'Boss',
      role: 'admin',
      languages: ['fa'],
      password: PASSWORD,
    });
    const boss = await signIn(url, 'boss', PASSWORD);
    const routing = await fetch(`${url}/api/admin/routing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: boss },
      body: JSON.stringify({ rules: ROUTES }),
    });
    if (routing.status !== 200) throw new Error(`routing rules refused: ${routing.status}`);

    const queue = new EventQueue();
    const stopAt = plan.end + 12 * HOUR;
    const world = new World(plan, clock, queue, log, reader, ROUTES, stopAt);
    let updateId = 500_000;
    const hook: TelegramWebhook = {
      baseUrl: url,
      secret: TELEGRAM_SECRET,
      fake,
      clock,
      nextUpdateId: () => (updateId += 1),
    };
    const lineOf = (c: PlannedCustomer): CustomerLine => {
      if (c.channel === 'web') return new WebCustomer(url, c.id, c.language, settle);
      if (c.channel === 'http') return new HttpCustomer(url, HTTP_TOKEN, `sim-${c.id}`, c.language, settle);
      return new TelegramCustomer(hook, 700_000 + c.index, c.language, settle);
    };
    for (const planned of plan.customers) {
      const line = lineOf(planned);
      lines.push(line);
      const customer = {
        plan: planned,
        line,
        state: 'bot' as const,
        language: planned.language,
        lastMoodAngry: false,
      };
      world.customers.push(customer);
      planVisits(world, customer);
    }
    for (const agent of plan.agents) {
      const state = {
        plan: agent,
        rand: random((options.seed * 31 + agent.id.length * 7 + agent.id.charCodeAt(0)) >>> 0),
        status: 'offline' as const,
        ending: false,
        chats: new Map(),
      };
      world.agents.set(agent.id, state);
      planShifts(world, state, { baseUrl: url, password: PASSWORD });
    }
    const supervisor = async () => new ReportsClient(url, await signIn(url, 'boss', PASSWORD));
    for (let d = 0; d < plan.days; d += 1) {
      const day = shiftDay(firstDay, d);
      for (const hour of [13, 21.5]) {
        queue.at(dayStart(day, BUSINESS_TZ) + hour * HOUR, async () =>
          checkLive(await supervisor(), world, rows, `${day} ${hour === 13 ? '13:00' : '21:30'}`),
        );
      }
    }

    const started = performance.now();
    let done = 0;
    for (let event = queue.next(); event; event = queue.next()) {
      clock.set(event.at);
      await event.run();
      done += 1;
      if (done % 500 === 0)
        progress(`${new Date(event.at).toISOString()}: ${done} events, ${log.entries.length} facts`);
    }
    const weekSeconds = (performance.now() - started) / 1000;

    // Long after the week: every conversation has ended, and the week's 7-day block is sealed.
    clock.set(plan.end + RULES.idleMs + 3 * DAY);
    await hamdel.reports.observer.sweep();
    await hamdel.reports.observer.flush();
    const readStarted = performance.now();
    const expected = new ExpectedFigures(log, RULES, clock.now());
    await checkReports(await supervisor(), expected, rows, {
      firstDay,
      days: plan.days,
      businessTz: BUSINESS_TZ,
      agentId: 'sara',
    });
    const reportSeconds = (performance.now() - readStarted) / 1000;
    const count = (kind: string) => log.entries.filter((e) => e.kind === kind).length;
    const weekQuery = { from: plan.start, to: plan.end, tz: BUSINESS_TZ, weekStart: 6 };
    const total = expected.figures({ ...weekQuery, groupBy: 'none' }).total;
    const byTeam = expected.figures({ ...weekQuery, groupBy: 'team' }).groups;
    for (const agent of world.agents.values()) agent.desk?.close();
    return {
      rows,
      log,
      week: { total, byTeam },
      seconds: { week: weekSeconds, reports: reportSeconds },
      counts: {
        customers: plan.customers.length,
        conversations: total.volume.conversations,
        messages: count('message'),
        escalations: total.volume.escalations,
        taken: count('taken'),
        replies: count('reply'),
        transfers: count('transferred'),
        releases: count('released'),
        resolved: count('resolved'),
        ratings: total.csat.ratings,
      },
    };
  } finally {
    for (const line of lines) await line.leave().catch(() => undefined);
    await server?.close();
    await fake.close();
    await rm(content, { recursive: true, force: true });
  }
}
