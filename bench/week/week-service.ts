/**
 * The service the simulated week runs against: a real hamdel server in this process
 * (test/helpers/test-server.ts) on real Redis, with the sample content plus a `billing` team with its own
 * SLA target, a fake Telegram Bot API for the bot's messages, the agents' accounts, and an admin's routing
 * rules set over the admin API. Its clock is the simulation's.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import type { Hamdel } from '../../src/server/hamdel.ts';
import { CONTENT_DIR } from '../../test/helpers/content.ts';
import { FakeTelegram } from '../../test/helpers/fake-telegram.ts';
import { startTestServer, type TestServer } from '../../test/helpers/test-server.ts';
import { signIn } from './agent-desk.ts';
import type { WeekRules } from './expected-figures.ts';
import type { PlannedAgent } from './week-plan.ts';
import type { Route } from './week-world.ts';

const HOUR = 3_600_000;
export const PASSWORD = 'simulated week password 1';
export const HTTP_TOKEN = 'simulated-week-http-token';
export const TELEGRAM_SECRET = 'simulated-week-webhook-secret';
/** The admin who sets the routing rules and reads the reports. */
export const ADMIN = 'boss';

export interface WeekService {
  readonly url: string;
  readonly hamdel: Hamdel;
  readonly telegram: FakeTelegram;
  /** Where the content the server reads is (articles, messages). */
  readonly contentDir: string;
  close(): Promise<void>;
}

/** The sample content, with a team `billing` of the default team's hours and its own SLA target. */
async function contentWithBilling(slaSeconds: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-week-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  const teams = await readFile(path.join(dir, 'teams.yaml'), 'utf8');
  const billing = teams
    .slice(teams.indexOf('default:'))
    .replace('default:', 'billing:')
    .replace(/\n {2}closedDates:.*\n?/, '\n')
    .concat(`  slaWaitSeconds: ${slaSeconds}\n`);
  await writeFile(path.join(dir, 'teams.yaml'), `${teams.trimEnd()}\n${billing}`);
  return dir;
}

export async function startWeekService(options: {
  readonly clock: Clock;
  readonly rules: WeekRules;
  readonly businessTimeZone: string;
  readonly agents: readonly PlannedAgent[];
  readonly routes: readonly Route[];
}): Promise<WeekService> {
  const { rules } = options;
  const contentDir = await contentWithBilling((rules.slaByTeam.billing ?? rules.slaMs) / 1000);
  const telegram = await FakeTelegram.start();
  const cleanUp = async () => {
    await telegram.close();
    await rm(contentDir, { recursive: true, force: true });
  };
  let server: TestServer | undefined;
  try {
    server = await startTestServer({
      clock: options.clock,
      env: {
        CONTENT_DIR: contentDir,
        BUSINESS_TIME_ZONE: options.businessTimeZone,
        REPORT_IDLE_HOURS: String(rules.idleMs / HOUR),
        SLA_WAIT_SECONDS: String(rules.slaMs / 1000),
        HTTP_CHANNEL_TOKEN: HTTP_TOKEN,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        // Presence follows the simulation's clock: agents say when they come and go, and their consoles stay
        // open all week, so a heartbeat lasting longer than the week keeps them present in between.
        AGENT_PRESENCE_TTL_SECONDS: String(30 * 24 * 3600),
        // The chats of an agent who goes away come back to the line in the supervisor's next round.
        HANDOFF_SUPERVISOR_INTERVAL_MS: '300',
        // Every customer and agent comes from 127.0.0.1, hundreds of times a real minute.
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
    const { agents } = server.hamdel.human;
    for (const { id, name, team, languages, capacity } of options.agents) {
      await agents.create({ id, name, team, languages, capacity, password: PASSWORD });
    }
    await agents.create({ id: ADMIN, name: 'Boss', role: 'admin', languages: ['fa'], password: PASSWORD });
    const routing = await fetch(`${server.url}/api/admin/routing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: await signIn(server.url, ADMIN, PASSWORD) },
      body: JSON.stringify({ rules: options.routes }),
    });
    if (routing.status !== 200) throw new Error(`routing rules refused: ${routing.status}`);
    const running = server;
    return {
      url: running.url,
      hamdel: running.hamdel,
      telegram,
      contentDir,
      async close() {
        await running.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await server?.close();
    await cleanUp();
    throw error;
  }
}
