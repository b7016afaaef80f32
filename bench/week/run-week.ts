/**
 * Runs a simulated week through the real service (week-service.ts) and compares its reports with the
 * simulation's own figures. Customers write through the web widget's WebSocket, the HTTP channel and
 * Telegram's webhook; agents work through the agent console's WebSocket; a supervisor reads the reports API.
 * The service's clock is the simulation's, and it moves only when the service has finished all it was asked
 * (every turn, every console command), so each fact happens at the simulation's time exactly.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../src/core/clock.ts';
import { random } from '../../src/core/random.ts';
import { MessageCatalog } from '../../src/dialogs/message-catalog.ts';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { planShifts } from './agent-shift.ts';
import { signIn } from './agent-desk.ts';
import { dayStart, shiftDay } from './calendar.ts';
import type { CustomerLine, Settle } from './channels/customer-line.ts';
import { HttpCustomer } from './channels/http-customer.ts';
import { TelegramCustomer, type TelegramWebhook } from './channels/telegram-customer.ts';
import { WebCustomer } from './channels/web-customer.ts';
import { planVisits } from './customer-journey.ts';
import { EventQueue } from './event-queue.ts';
import { ExpectedFigures, type Figures, type WeekRules } from './expected-figures.ts';
import { FigureRows } from './figure-rows.ts';
import { checkLive } from './live-check.ts';
import { ReplyReader } from './reply-reader.ts';
import { checkReports, checkWhileRunning, ReportsClient } from './report-check.ts';
import { SimLog } from './sim-log.ts';
import { planWeek, type PlannedCustomer, type WeekPlan } from './week-plan.ts';
import {
  ADMIN,
  HTTP_TOKEN,
  PASSWORD,
  startWeekService,
  TELEGRAM_SECRET,
  type WeekService,
} from './week-service.ts';
import { World, type Route } from './week-world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface WeekOptions {
  readonly seed: number;
  /** Customers who first write during the week. */
  readonly customers: number;
  /** A Thursday: a 7-day rollup block of business days starts on one (day 0 of 1970 was a Thursday). */
  readonly firstDay?: string;
  /** Told what the simulation is doing (the bench's progress lines). */
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

/** The settings the server runs with, as the simulation counts them. */
const RULES: WeekRules = { idleMs: 24 * HOUR, slaMs: 300_000, slaByTeam: { billing: 120_000 } };
const BUSINESS_TZ = 'Asia/Dubai';
const ROUTES: readonly Route[] = [
  { when: 'topic', value: 'payment', team: 'billing' },
  { when: 'channel', value: 'telegram', team: 'messaging' },
];

export async function runWeek(options: WeekOptions): Promise<WeekResult> {
  const progress = options.progress ?? (() => undefined);
  const firstDay = options.firstDay ?? '2026-11-19';
  const plan = planWeek({
    seed: options.seed,
    customers: options.customers,
    firstDay,
    timeZone: BUSINESS_TZ,
  });
  const clock = new ManualClock(plan.start - HOUR);
  const service = await startWeekService({
    clock,
    rules: RULES,
    businessTimeZone: BUSINESS_TZ,
    agents: plan.agents,
    routes: ROUTES,
  });
  const log = new SimLog();
  const rows = new FigureRows();
  const queue = new EventQueue();
  let world: World | undefined;
  try {
    world = new World(plan, clock, queue, log, await replyReader(service), ROUTES, plan.end + 12 * HOUR);
    populate(world, service, options.seed);
    const supervisor = async () => new ReportsClient(service.url, await signIn(service.url, ADMIN, PASSWORD));
    for (let d = 0; d < plan.days; d += 1) {
      const day = shiftDay(firstDay, d);
      for (const [hour, label] of [
        [13, '13:00'],
        [21.5, '21:30'],
      ] as const) {
        const now = world;
        queue.at(dayStart(day, BUSINESS_TZ) + hour * HOUR, async () =>
          checkLive(await supervisor(), now, rows, `${day} ${label}`),
        );
      }
    }

    // Halfway through, the reports read while conversations are still open and nothing is sealed.
    const midweek = shiftDay(firstDay, 3);
    queue.at(dayStart(midweek, BUSINESS_TZ) + 12 * HOUR, async () => {
      await service.hamdel.reports.observer.sweep();
      await service.hamdel.reports.observer.flush();
      const sofar = new ExpectedFigures(log, RULES, clock.now());
      const days = { from: firstDay, to: midweek, businessTz: BUSINESS_TZ };
      await checkWhileRunning(await supervisor(), sofar, rows, days);
    });

    const started = performance.now();
    let done = 0;
    for (let event = queue.next(); event; event = queue.next()) {
      clock.set(event.at);
      await event.run();
      done += 1;
      if (done % 2000 === 0) {
        progress(`${new Date(event.at).toISOString()}: ${done} steps, ${log.entries.length} facts`);
      }
    }
    const weekSeconds = (performance.now() - started) / 1000;

    // Long after the week: every conversation has ended, and the week's 7-day block is sealed.
    clock.set(plan.end + RULES.idleMs + 3 * DAY);
    await service.hamdel.reports.observer.sweep();
    await service.hamdel.reports.observer.flush();
    const readStarted = performance.now();
    const expected = new ExpectedFigures(log, RULES, clock.now());
    await checkReports(await supervisor(), expected, rows, {
      firstDay,
      days: plan.days,
      businessTz: BUSINESS_TZ,
      agentId: plan.agents[0]?.id ?? '',
    });
    const reportSeconds = (performance.now() - readStarted) / 1000;
    return {
      rows,
      log,
      week: weekFigures(expected, plan),
      seconds: { week: weekSeconds, reports: reportSeconds },
      counts: counts(log, expected, plan),
    };
  } finally {
    for (const agent of world?.agents.values() ?? []) agent.desk?.close();
    for (const customer of world?.customers ?? []) await customer.line.leave().catch(() => undefined);
    await service.close();
  }
}

/** How the customers read the bot: the content the server has, read here on its own. */
async function replyReader(service: WeekService): Promise<ReplyReader> {
  const knowledge = await new KnowledgeBase({
    articlesDir: path.join(service.contentDir, 'articles'),
    buildIndex: () => ({ size: 0, search: () => [] }), // only the articles are read, never searched
  }).load();
  const catalog = await MessageCatalog.load(path.join(service.contentDir, 'messages'));
  return new ReplyReader(knowledge, catalog);
}

/** The customers on their channels and the agents on their shifts, scheduled. */
function populate(world: World, service: WeekService, seed: number): void {
  const settle: Settle = () => service.hamdel.turns.settled();
  let updateId = 500_000;
  const hook: TelegramWebhook = {
    baseUrl: service.url,
    secret: TELEGRAM_SECRET,
    fake: service.telegram,
    clock: world.clock,
    nextUpdateId: () => (updateId += 1),
  };
  const lineOf = (c: PlannedCustomer): CustomerLine => {
    if (c.channel === 'web') return new WebCustomer(service.url, c.id, c.language, settle);
    if (c.channel === 'http')
      return new HttpCustomer(service.url, HTTP_TOKEN, `sim-${c.id}`, c.language, settle);
    return new TelegramCustomer(hook, 700_000 + c.index, c.language, settle);
  };
  for (const planned of world.plan.customers) {
    const line = lineOf(planned);
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
  for (const plan of world.plan.agents) {
    const agent = {
      plan,
      rand: random(seedOf(seed, plan.id)),
      status: 'offline' as const,
      ending: false,
      chats: new Map(),
    };
    world.agents.set(plan.id, agent);
    planShifts(world, agent, { baseUrl: service.url, password: PASSWORD });
  }
}

function weekFigures(expected: ExpectedFigures, plan: WeekPlan): WeekResult['week'] {
  const query = { from: plan.start, to: plan.end, tz: plan.timeZone, weekStart: 6 };
  return {
    total: expected.figures({ ...query, groupBy: 'none' }).total,
    byTeam: expected.figures({ ...query, groupBy: 'team' }).groups,
  };
}

function counts(log: SimLog, expected: ExpectedFigures, plan: WeekPlan): Record<string, number> {
  const { total } = weekFigures(expected, plan);
  const of = (kind: string) => log.entries.filter((e) => e.kind === kind).length;
  return {
    customers: plan.customers.length,
    conversations: total.volume.conversations,
    messages: of('message'),
    escalations: total.volume.escalations,
    taken: of('taken'),
    replies: of('reply'),
    transfers: of('transferred'),
    releases: of('released'),
    resolved: of('resolved'),
    ratings: total.csat.ratings,
  };
}

/** An agent's own seed: the week's, mixed with the agent's id (FNV-1a). */
function seedOf(seed: number, id: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (const c of id) hash = Math.imul(hash ^ (c.codePointAt(0) ?? 0), 16_777_619) >>> 0;
  return hash;
}
