import { freePort } from '../test/helpers/free-port.ts';
/**
 * `npm run bench:flood`: what clients that flood `hello` frames and never read cost a server.
 *
 * Starts hamdel in a child process (`node --import tsx src/server/main.ts`, on a free port, a random key
 * prefix on the Redis at REDIS_URL), gives one widget conversation a transcript of ENTRIES entries, then
 * opens CONNECTIONS WebSockets to that conversation, stops reading from them (their TCP sockets are
 * paused), and sends HELLOS `hello` frames over them in turn. Meanwhile it reads the server's VmRSS and
 * VmHWM from /proc/<pid>/status every 100 ms. Once the server has settled (under 5% of a core and less
 * than a MiB of growth over 3 s; or at BENCH_TIMEOUT_MS) it starts reading, to learn whether the server
 * had closed the connections (1006 when the server destroyed one before its close frame got through),
 * drops them, waits 2 s and prints the server's memory before, at the peak and after.
 *
 * Settings: HELLOS (60000, spread over the connections), CONNECTIONS (1), ENTRIES (50), BENCH_TIMEOUT_MS
 * (120000), REDIS_URL (redis://127.0.0.1:6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { VisitorCredentials } from '../src/adapters/web/protocol.ts';
import { VisitorRegistry } from '../src/adapters/web/visitor-registry.ts';
import { visitorConversationId } from '../src/adapters/web/web-identity.ts';
import { systemClock } from '../src/core/clock.ts';
import { RedisConversationStore } from '../src/conversations/redis-conversation-store.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../test/helpers/redis.ts';

const HELLOS = positive('HELLOS', 60_000);
const ENTRIES = positive('ENTRIES', 50);
const CONNECTIONS = positive('CONNECTIONS', 1);
const TIMEOUT_MS = positive('BENCH_TIMEOUT_MS', 120_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

interface Flooder {
  readonly socket: WebSocket;
  /** The TCP socket under it, paused: nothing the server sends is read. */
  readonly tcp: Socket;
  closed: { code: number; reason: string } | undefined;
}

async function openNonReading(url: string): Promise<Flooder> {
  const socket = new WebSocket(url);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  tcp.pause(); // never read a byte from the server
  const flooder: Flooder = { socket, tcp, closed: undefined };
  socket.on('close', (code, reason) => {
    flooder.closed = { code, reason: reason.toString() };
  });
  return flooder;
}

interface Memory {
  readonly rssKiB: number;
  readonly hwmKiB: number;
}

/** CPU time the process has used, in clock ticks (utime + stime from /proc/<pid>/stat). */
async function cpuTicksOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function startServer(port: number, prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL,
      REDIS_AUTOSTART: 'false',
      KEY_PREFIX: prefix,
      CONTENT_WATCH: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start within 60 s');
}

/**
 * A visitor whose conversation has ENTRIES entries (short questions, longer Persian and English answers);
 * resolves with the visitor's credentials, which the flooders' hello carries.
 */
async function seed(prefix: string): Promise<VisitorCredentials> {
  const redis = connectRedis();
  const visitors = new VisitorRegistry({ redis, prefix, clock: systemClock, retentionMs: 86_400_000 });
  const { credentials, visitor } = await visitors.create();
  const conversationId = visitorConversationId(visitor.handle);
  const store = new RedisConversationStore({ redis, prefix, retentionDays: 1, clock: systemClock });
  await store.ensure({ id: conversationId, channel: 'web', customerId: visitor.handle });
  for (let i = 0; i < ENTRIES; i += 1) {
    const customer = i % 2 === 0;
    await store.append(conversationId, {
      author: customer ? { kind: 'customer' } : { kind: 'bot' },
      text: customer
        ? `سفارشم کی می‌رسه؟ شماره سفارش ${i}`
        : `${'ارسال سفارش‌ها در تهران یک تا دو روز کاری و در شهرهای دیگر دو تا پنج روز کاری طول می‌کشد. '.repeat(3)}Delivery takes 1-2 working days in Tehran.`,
      at: Date.now(),
      language: 'fa',
    });
  }
  redis.disconnect();
  return credentials;
}

async function main(): Promise<void> {
  const prefix = randomPrefix();
  const port = await freePort();
  const visitor = await seed(prefix);
  const server = await startServer(port, prefix);
  const pid = server.pid ?? 0;
  await sleep(1_000);
  const before = await memoryOf(pid);

  let peak = before.rssKiB;
  let lastGrowth = performance.now();
  const sampler = setInterval(() => {
    memoryOf(pid).then(
      (m) => {
        if (m.rssKiB <= peak) return;
        if (m.rssKiB - peak >= 1_024) lastGrowth = performance.now(); // not the odd page or two
        peak = m.rssKiB;
      },
      () => undefined,
    );
  }, 100);

  const flooders = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => openNonReading(`ws://127.0.0.1:${port}/ws?lang=fa`)),
  );
  const started = performance.now();
  const hello = JSON.stringify({ type: 'hello', visitor });
  let sent = 0;
  for (; sent < HELLOS; sent += 1) {
    const flooder = flooders[sent % CONNECTIONS];
    if (flooder && !flooder.closed) flooder.socket.send(hello);
    if (sent % 1_000 === 999) await sleep(0); // let the close events and the sampler in
  }
  const deadline = started + TIMEOUT_MS;
  // Settled: the server has used under 5% of a core and grown less than a MiB over the last 3 s.
  let ticks = await cpuTicksOf(pid);
  for (;;) {
    await sleep(3_000);
    const now = await cpuTicksOf(pid);
    const busy = (now - ticks) / 100 / 3; // ticks are 1/100 s
    ticks = now;
    if (performance.now() > deadline || (busy < 0.05 && performance.now() - lastGrowth > 3_000)) break;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // Only now read what the server sent, to learn whether it had closed the connections.
  for (const flooder of flooders) flooder.tcp.resume();
  const readUntil = performance.now() + 10_000;
  while (flooders.some((f) => !f.closed) && performance.now() < readUntil) await sleep(100);
  const codes = [...new Set(flooders.map((f) => f.closed?.code ?? 'open'))].join(', ');
  const closedCount = flooders.filter((f) => f.closed).length;
  const outcome = `the server had closed ${closedCount} of ${CONNECTIONS} connection(s) (clients saw: ${codes})`;
  for (const flooder of flooders) flooder.socket.terminate();
  await sleep(2_000);
  clearInterval(sampler);
  const after = await memoryOf(pid);

  console.log(
    `hello flood: ${sent} hellos sent over ${CONNECTIONS} connection(s) that never read; ${ENTRIES} entries`,
  );
  console.log(`  after ${seconds} s: ${outcome}`);
  console.log(`  server RSS before      ${mib(before.rssKiB)}`);
  console.log(`  server RSS peak        ${mib(Math.max(peak, after.hwmKiB))} (VmHWM ${mib(after.hwmKiB)})`);
  console.log(`  server RSS after       ${mib(after.rssKiB)} (2 s after the connection dropped)`);

  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  const redis = connectRedis();
  await deleteKeys(redis, prefix);
  redis.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
