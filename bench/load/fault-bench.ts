import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultWidgetClient, readTranscript } from './fault-client.ts';
import { FAULT_SCENARIOS, type FaultScenario } from './fault-scenarios.ts';
import { emptyCounts, judgeConversation, type FaultCounts } from './fault-verdict.ts';
import { handoffTexts } from './handoff-texts.ts';
import { httpSharedIds } from './http-shared-ids.ts';
import { languageOf, loadQuestions, QuestionSequence, type QuestionPools } from './questions.ts';
import { Rig } from './rig.ts';
import { random as seededRandom } from '../../src/core/random.ts';

export interface FaultBenchSettings {
  readonly conversations: number;
  /** Messages each customer sends. */
  readonly messages: number;
  /** Which of a, b, c, d to run. */
  readonly scenarios: readonly string[];
  readonly log: (line: string) => void;
}

export interface FaultReport {
  readonly scenario: string;
  readonly channel: 'widget' | 'http';
  readonly fault: string;
  readonly counts: FaultCounts;
  readonly reconnects: number;
  /** Lines the hamdel processes logged at level error or worse. */
  readonly serverErrorLines: number;
  readonly logDir: string;
}

/**
 * First messages spread over this long; each customer's next ones follow at this gap (300 customers with 3
 * messages: about 180 messages a second, under what one process answers on this machine).
 */
const SPREAD_MS = 3_000;
const GAP_MS = 1_000;
/** A message acknowledged and not answered this long after it was sent is lost. */
export const DEADLINE_MS = 30_000;
/** How much longer the bench waits, to tell "answered too late" from "never answered". */
const GRACE_MS = 5_000;

/** Every scenario on a fresh pair of processes and a fresh Redis (AOF, fsync always). */
export async function runFaultBench(settings: FaultBenchSettings): Promise<FaultReport[]> {
  const pools = loadQuestions();
  const handoffs = handoffTexts();
  const reports: FaultReport[] = [];
  for (const scenario of FAULT_SCENARIOS.filter((s) => settings.scenarios.includes(s.key))) {
    settings.log(`${scenario.title}: starting 2 processes and Redis`);
    reports.push(...(await runScenario(scenario, settings, pools, handoffs)));
    const last = reports[reports.length - 1];
    if (last) settings.log(`  ${last.fault}; lost ${last.counts.lost}, doubled ${last.counts.doubled}`);
  }
  return reports;
}

async function runScenario(
  scenario: FaultScenario,
  settings: FaultBenchSettings,
  pools: QuestionPools,
  handoffs: ReadonlySet<string>,
): Promise<FaultReport[]> {
  const rig = await Rig.start({ processes: 2, appendOnly: true });
  const tag = `fault${randomBytes(4).toString('hex')}`;
  const clients: FaultWidgetClient[] = [];
  try {
    for (let start = 0; start < settings.conversations; start += 50) {
      const batch: FaultWidgetClient[] = [];
      for (let i = start; i < Math.min(settings.conversations, start + 50); i += 1) {
        batch.push(
          new FaultWidgetClient(`${tag}-${i}`, languageOf(i), rig.urls, i % 2, (text) => handoffs.has(text)),
        );
      }
      await Promise.all(batch.map((client) => client.start()));
      clients.push(...batch);
    }
    const random = seededRandom(scenario.key.charCodeAt(0));
    const lastSendMs = SPREAD_MS + (settings.messages - 1) * GAP_MS;
    const startedAt = Date.now() + 100;
    const sends = clients.map(async (client, i) => {
      const questions = new QuestionSequence(pools, languageOf(i), i + 1);
      const first = random() * SPREAD_MS;
      for (let k = 0; k < settings.messages; k += 1) {
        const last = k === settings.messages - 1;
        const offset = last && scenario.lastTogether ? lastSendMs : first + k * GAP_MS;
        await sleep(Math.max(0, startedAt + offset - Date.now()));
        const id = scenario.sharedIds ? `shared-${Math.floor(i / 2)}-m${k}` : `${client.visitorId}-m${k}`;
        client.say(id, questions.take());
      }
    });
    const fault = scenario.act(rig, { middleMs: lastSendMs / 2, lastSendMs }, startedAt);
    await Promise.all(sends);
    const done = await fault;
    const deadline = startedAt + lastSendMs + DEADLINE_MS + GRACE_MS;
    while (Date.now() < deadline && !allAnswered(clients)) await sleep(250);
    for (const client of clients) client.stop();

    const server = rig.servers.find((s) => s.alive);
    if (!server) throw new Error('no hamdel process left to read transcripts from');
    const counts = emptyCounts();
    for (let start = 0; start < clients.length; start += 50) {
      const batch = clients.slice(start, start + 50);
      const transcripts = await Promise.all(batch.map((c) => readTranscript(server.url, c.credentials)));
      batch.forEach((client, k) =>
        judgeConversation(counts, client.messages, transcripts[k] ?? [], {
          deadlineMs: DEADLINE_MS,
          handoffTexts: handoffs,
          conversation: client.visitorId,
        }),
      );
    }
    const widget: FaultReport = {
      scenario: scenario.title,
      channel: 'widget',
      fault: done,
      counts,
      reconnects: clients.reduce((sum, c) => sum + c.reconnects, 0),
      serverErrorLines: errorLines(rig.logDir),
      logDir: rig.logDir,
    };
    const reports = [widget];
    if (scenario.sharedIds) {
      const http = await httpSharedIds({
        servers: rig.urls,
        token: rig.token,
        customers: settings.conversations,
        messages: settings.messages,
        pools,
        tag: `${tag}-http`,
      });
      const serverErrorLines = errorLines(rig.logDir) - widget.serverErrorLines;
      reports.push({ ...widget, channel: 'http', counts: http, reconnects: 0, serverErrorLines });
    }
    return reports;
  } finally {
    for (const client of clients) client.stop();
    await rig.stop();
  }
}

function allAnswered(clients: readonly FaultWidgetClient[]): boolean {
  return clients.every((client) => client.settled());
}

/** pino writes one JSON object per line; level 50 is error, 60 fatal. */
function errorLines(logDir: string): number {
  let count = 0;
  for (const file of ['hamdel-1.log', 'hamdel-2.log']) {
    let text = '';
    try {
      text = readFileSync(path.join(logDir, file), 'utf8');
    } catch {
      continue;
    }
    count += text.split('\n').filter((line) => /"level":(50|60)/.test(line)).length;
  }
  return count;
}
