/**
 * `npm run bench:console`: the human queue under load, end to end on a real server and Redis.
 *
 * 20 agents (one language each, spread over fa, ar and en; capacity 3) sign in over HTTP and open the agent
 * console over WebSocket. Then 200 customers ask for a person over the HTTP channel, in their language, in
 * waves of concurrent requests. For every customer the bench measures the time from sending the request
 * to the moment the first console receives a `queue` frame that lists the conversation (what an agent
 * sees), and the HTTP round trip of the escalation itself; throughput is customers escalated per second,
 * end to end. Then the agents drain the line: each sends `take-next`, resolves the chat it gets, and takes
 * the next, until the line is empty; the bench reports chats per second and the `take-next` round trip.
 *
 * Everything is bounded (`BENCH_TIMEOUT_MS`, default 120 s, then the bench gives up and says so); the
 * server and its Redis keys are removed at the end. Settings: CUSTOMERS (200), AGENTS (20), WAVE (20
 * customers at once).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { Language } from '../src/core/language.ts';
import type { ConsoleClientFrame, ConsoleServerFrame } from '../src/handoff/console-protocol.ts';
import { startTestServer, type TestServer } from '../test/helpers/test-server.ts';

const TOKEN = 'bench-console-token-0123456789';
const CUSTOMERS = positive('CUSTOMERS', 200);
const AGENTS = positive('AGENTS', 20);
const WAVE = positive('WAVE', 20);
const TIMEOUT_MS = positive('BENCH_TIMEOUT_MS', 120_000);
const PASSWORD = 'bench password 123';
const LANGUAGES: readonly Language[] = ['fa', 'ar', 'en'];
const ASK_FOR_A_PERSON: Readonly<Record<Language, readonly string[]>> = {
  fa: ['میخوام با کارشناس صحبت کنم', 'سلام، میخوام با یه کارشناس صحبت کنم'],
  ar: ['أبي أكلم موظف', 'ابي اكلم موظف خدمة العملاء'],
  en: ['I want to talk to a human', 'I need to talk to a human please'],
};

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const deadline = performance.now() + TIMEOUT_MS;
const left = (): number => Math.max(0, deadline - performance.now());

/** Rejects after `ms` with a message naming what was awaited. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms)} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One agent's console connection: every frame is passed to the listeners, and to the bench's watcher. */
class AgentConsole {
  private readonly listeners = new Set<(frame: ConsoleServerFrame) => void>();

  private constructor(
    readonly agentId: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ConsoleServerFrame;
      for (const listener of [...this.listeners]) listener(frame);
    });
  }

  static async open(
    baseUrl: string,
    agentId: string,
    cookie: string,
    watch: (f: ConsoleServerFrame) => void,
  ) {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, { headers: { cookie } });
    const client = new AgentConsole(agentId, socket);
    client.listeners.add(watch);
    const hello = client.next((f) => f.type === 'queue', 10_000, `${agentId}'s first queue frame`);
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
        socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
      10_000,
      `${agentId}'s console to open`,
    );
    await hello;
    return client;
  }

  send(frame: ConsoleClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The next frame that matches, within `ms`. */
  next(match: (f: ConsoleServerFrame) => boolean, ms: number, what: string): Promise<ConsoleServerFrame> {
    let listener: ((f: ConsoleServerFrame) => void) | undefined;
    const found = new Promise<ConsoleServerFrame>((resolve) => {
      listener = (f) => {
        if (match(f)) resolve(f);
      };
      this.listeners.add(listener);
    });
    return within(found, ms, what).finally(() => {
      if (listener) this.listeners.delete(listener);
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

async function signIn(baseUrl: string, id: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password: PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hamdel_session='));
  if (response.status !== 200 || !cookie) throw new Error(`${id} could not sign in: HTTP ${response.status}`);
  return cookie.split(';')[0] ?? '';
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function row(label: string, values: readonly number[], unit = 'ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  const cells = [50, 95, 99].map((p) => percentile(sorted, p)).concat(sorted.at(-1) ?? NaN);
  return `  ${label.padEnd(38)}${cells.map((v) => `${v.toFixed(1)}`.padStart(9)).join('')} ${unit}  (n=${values.length})`;
}

interface Customer {
  readonly id: string;
  readonly conversationId: string;
  readonly language: Language;
  readonly text: string;
  sentAt?: number;
  answeredAt?: number;
  seenAt?: number;
  status?: number;
}

async function escalate(baseUrl: string, customer: Customer): Promise<void> {
  customer.sentAt = performance.now();
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ customerId: customer.id, text: customer.text, messageId: randomUUID() }),
    signal: AbortSignal.timeout(Math.max(1, Math.ceil(left()))),
  });
  await response.arrayBuffer();
  customer.answeredAt = performance.now();
  customer.status = response.status;
}

/** One agent takes and resolves chats until nobody they can serve is waiting. */
async function drain(agent: AgentConsole, onTake: (ms: number) => void): Promise<number> {
  let resolved = 0;
  for (let n = 0; left() > 0; n += 1) {
    const ref = `take-${agent.agentId}-${n}`;
    const started = performance.now();
    const answer = agent.next(
      (f) => f.type === 'chat' || (f.type === 'error' && f.ref === ref),
      left(),
      `${agent.agentId}'s take-next`,
    );
    agent.send({ type: 'take-next', ref });
    const frame = await answer;
    if (frame.type === 'error') {
      if (frame.code === 'QUEUE_EMPTY') return resolved;
      throw new Error(`${agent.agentId}: take-next failed: ${frame.code} ${frame.message}`);
    }
    if (frame.type !== 'chat') continue;
    onTake(performance.now() - started);
    const conversationId = frame.chat.conversationId;
    const closed = agent.next(
      (f) =>
        (f.type === 'chat-closed' && f.conversationId === conversationId) ||
        (f.type === 'error' && f.ref === `resolve-${ref}`),
      left(),
      `${agent.agentId}'s resolve of ${conversationId}`,
    );
    agent.send({ type: 'resolve', conversationId, note: 'bench', ref: `resolve-${ref}` });
    const done = await closed;
    if (done.type === 'error') throw new Error(`${agent.agentId}: resolve failed: ${done.message}`);
    resolved += 1;
  }
  return resolved;
}

async function run(server: TestServer): Promise<void> {
  const { url, hamdel } = server;

  // Agents: accounts, sign-in, consoles.
  let started = performance.now();
  const ids = Array.from({ length: AGENTS }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
  for (const [i, id] of ids.entries()) {
    const language = LANGUAGES[i % LANGUAGES.length] ?? 'en';
    await hamdel.human.agents.create({
      id,
      name: `Agent ${i + 1}`,
      languages: [language],
      capacity: 3,
      password: PASSWORD,
    });
  }
  const cookies = await Promise.all(ids.map((id) => signIn(url, id)));
  const customers: Customer[] = Array.from({ length: CUSTOMERS }, (_, i) => {
    const language = LANGUAGES[i % LANGUAGES.length] ?? 'en';
    const phrases = ASK_FOR_A_PERSON[language];
    const id = `bench-${i + 1}`;
    return { id, conversationId: `http-${id}`, language, text: phrases[i % phrases.length] ?? '' };
  });
  const byConversation = new Map(customers.map((c) => [c.conversationId, c]));
  let queueFrames = 0;
  const watch = (frame: ConsoleServerFrame): void => {
    if (frame.type !== 'queue') return;
    queueFrames += 1;
    const now = performance.now();
    for (const item of frame.waiting) {
      const customer = byConversation.get(item.conversationId);
      if (customer !== undefined && customer.seenAt === undefined) customer.seenAt = now;
    }
  };
  const consoles = await Promise.all(ids.map((id, i) => AgentConsole.open(url, id, cookies[i] ?? '', watch)));
  const setupMs = performance.now() - started;

  try {
    // Customers escalate in waves of concurrent requests.
    queueFrames = 0;
    started = performance.now();
    for (let i = 0; i < customers.length && left() > 0; i += WAVE) {
      await Promise.all(customers.slice(i, i + WAVE).map((c) => escalate(url, c)));
    }
    const answeredMs = performance.now() - started;
    const line = async () => (await hamdel.human.queue.waitingIds()).length;
    while (
      (customers.some((c) => c.seenAt === undefined) || (await line()) < customers.length) &&
      left() > 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seenMs = Math.max(...customers.map((c) => c.seenAt ?? NaN)) - started;
    const inLine = await line();
    const escalationFrames = queueFrames;

    // Agents drain the line.
    const takes: number[] = [];
    started = performance.now();
    const resolved = await Promise.all(consoles.map((c) => drain(c, (ms) => takes.push(ms))));
    const drainMs = performance.now() - started;
    const total = resolved.reduce((a, b) => a + b, 0);
    const remaining = await line();

    const failed = customers.filter((c) => c.status !== 200).length;
    const unseen = customers.filter((c) => c.seenAt === undefined).length;
    const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `agent console under load: ${AGENTS} agents (fa/ar/en, capacity 3) on ${AGENTS} consoles, ${CUSTOMERS} customers escalating over HTTP in waves of ${WAVE}`,
    );
    console.log(`(real server and Redis; setup of accounts, sign-ins and consoles took ${sec(setupMs)})\n`);
    console.log(`  ${''.padEnd(38)}${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(9)).join('')}`);
    console.log(
      row(
        'escalation -> first console lists it',
        customers.flatMap((c) =>
          c.seenAt !== undefined && c.sentAt !== undefined ? [c.seenAt - c.sentAt] : [],
        ),
      ),
    );
    console.log(
      row(
        'escalation HTTP round trip',
        customers.flatMap((c) =>
          c.answeredAt !== undefined && c.sentAt !== undefined ? [c.answeredAt - c.sentAt] : [],
        ),
      ),
    );
    console.log(row('take-next -> chat frame (while draining)', takes));
    console.log('');
    console.log(
      `  escalations answered: ${CUSTOMERS - failed}/${CUSTOMERS} (HTTP 200) in ${sec(answeredMs)}: ${(CUSTOMERS / (answeredMs / 1000)).toFixed(1)} escalations/s`,
    );
    console.log(
      `  all ${CUSTOMERS - unseen} listed on a console ${sec(seenMs)} after the first was sent: ${((CUSTOMERS - unseen) / (seenMs / 1000)).toFixed(1)} escalations/s end to end; ${inLine} in line`,
    );
    console.log(`  queue frames received by the ${AGENTS} consoles meanwhile: ${escalationFrames}`);
    console.log(
      `  drain: ${total} chats taken and resolved by ${AGENTS} agents in ${sec(drainMs)}: ${(total / (drainMs / 1000)).toFixed(1)} chats/s; ${remaining} left in line`,
    );
    if (failed > 0 || unseen > 0 || remaining > 0 || left() === 0) {
      console.log(
        `\n  INCOMPLETE: ${failed} escalations failed, ${unseen} never listed, ${remaining} left in line${left() === 0 ? `, the ${TIMEOUT_MS} ms budget ran out` : ''}`,
      );
      process.exitCode = 1;
    }
  } finally {
    for (const c of consoles) c.close();
  }
}

async function main(): Promise<void> {
  const server = await startTestServer({
    env: {
      HTTP_CHANNEL_TOKEN: TOKEN,
      RATE_LIMIT_PER_MINUTE: '100000',
      HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '0',
      CUSTOMER_MESSAGES_PER_MINUTE: '0',
      WEBSOCKET_UPGRADES_PER_MINUTE: '0',
    },
  });
  try {
    await within(run(server), TIMEOUT_MS + 5_000, 'the whole bench');
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
