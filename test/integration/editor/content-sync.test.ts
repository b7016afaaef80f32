/**
 * Editors' saves on several processes: two hamdel servers in this process, each with its own copy of the
 * content folder (as on two machines), sharing one real Redis. A save through A (its file written in A's
 * folder and shared, as the content files do) is served by B within two seconds: an article's new text
 * answers a customer, a new canned reply reaches an agent's console, a new lexicon word is read as anger.
 * A server started later catches up before it serves; a broken edit reaches B's folder and B keeps the last
 * good version; on a folder shared by two processes nothing is written twice and nothing loops.
 * Propagation times are printed (`propagation:`).
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConversationEvents } from '../../../src/conversations/redis-conversation-events.ts';
import { systemClock } from '../../../src/core/clock.ts';
import {
  ContentSync,
  contentSyncKeys,
  textVersion,
  type SyncOutcome,
} from '../../../src/editor/content-sync.ts';
import type { ConsoleServerFrame } from '../../../src/handoff/console-protocol.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';
import { clockFrom, startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';

const TOKEN = 'test-token-0123456789';
// Monday 23 November 2026, 10:00 in Dubai: the sample team is at work.
const MONDAY_MORNING = Date.UTC(2026, 10, 23, 6);
const PASSWORD = 'agent password 123';

const prefix = randomPrefix();
const folders: string[] = [];
const servers: TestServer[] = [];
let a: TestServer;
let b: TestServer;
let dirA: string;
let dirB: string;
const timings: Record<string, number> = {};

async function copyOfContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-sync-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  folders.push(dir);
  return dir;
}

async function serverOn(dir: string): Promise<TestServer> {
  const server = await startTestServer({
    prefix,
    env: {
      CONTENT_DIR: dir,
      CONTENT_WATCH: 'true',
      HTTP_CHANNEL_TOKEN: TOKEN,
      AGENT_PRESENCE_TTL_SECONDS: '3', // consoles beat every second, and are sent new canned replies then
    },
    clock: clockFrom(MONDAY_MORNING),
  });
  servers.push(server);
  return server;
}

/** A save through `server`, as the content files make one: the file written in its folder, then shared. */
async function saveThrough(
  server: TestServer,
  dir: string,
  relative: string,
  change: (text: string) => string,
) {
  const file = path.join(dir, relative);
  await server.hamdel.contentSync.refresh(relative);
  const before = await readFile(file, 'utf8');
  const text = change(before);
  const temporary = `${path.dirname(file)}/.${path.basename(file)}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
  const started = performance.now();
  const shared = await server.hamdel.contentSync.publish({
    path: relative,
    text,
    from: textVersion(before),
    by: 'mina',
  });
  return { text, shared, started };
}

/** How long after `started` the probe first holds (polled every 5 ms), in ms; fails after 5 s. */
async function until(
  started: number,
  probe: () => boolean | Promise<boolean>,
  what: string,
): Promise<number> {
  await eventually(async () => (await probe()) || undefined, what, 5_000);
  return Math.round(performance.now() - started);
}

/** A new customer asks `server` over the HTTP channel; the bot's replies. */
async function ask(server: TestServer, text: string): Promise<string[]> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ customerId: `c-${randomUUID()}`, text, language: 'en' }),
  });
  const body = (await response.json()) as { replies: { text: string }[] };
  return body.replies.map((reply) => reply.text);
}

beforeAll(async () => {
  [dirA, dirB] = [await copyOfContent(), await copyOfContent()];
  a = await serverOn(dirA);
  b = await serverOn(dirB);
});

afterAll(async () => {
  console.log('propagation:', JSON.stringify(timings));
  for (const server of servers.slice(0, -1)) await server.close({ keepData: true });
  await servers.at(-1)?.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('content saved through one process', () => {
  it("brings an article's new text into B's folder within two seconds, and B answers with it", async () => {
    const marker = 'Our zebra desk collects returns from your door.';
    expect((await ask(b, 'how do I return an item')).join('\n')).not.toContain(marker);
    const { started } = await saveThrough(
      a,
      dirA,
      'articles/en/returns.md',
      (text) => `${text.trimEnd()}\n\n${marker}\n`,
    );
    timings.articleFile = await until(
      started,
      async () => (await readFile(path.join(dirB, 'articles/en/returns.md'), 'utf8')).includes(marker),
      "the article in B's folder",
    );
    expect(timings.articleFile).toBeLessThan(2_000);
    // Then B's watcher rebuilds the English index (A rebuilds its own on the same thread here: see
    // content-sync-processes.test.ts for the time between separate processes).
    timings.article = await until(
      started,
      () => b.hamdel.knowledge.current.article('en', 'returns')?.body.includes(marker) === true,
      'the article on B',
    );
    expect((await ask(b, 'how do I return an item')).join('\n')).toContain(marker);
    expect(await readFile(path.join(dirB, 'articles/en/returns.md'), 'utf8')).toBe(
      await readFile(path.join(dirA, 'articles/en/returns.md'), 'utf8'),
    );
  });

  it('puts a new canned reply in the console of an agent on B', async () => {
    await b.hamdel.human.agents.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: PASSWORD });
    const agentConsole = await ConsoleClient.signIn(b.url, 'sara', PASSWORD);
    try {
      const ids = (frame: ConsoleServerFrame) =>
        frame.type === 'canned' ? frame.replies.fa.map((r) => r.id) : [];
      expect(ids(await agentConsole.waitFor((f) => f.type === 'canned'))).not.toContain('zebra-desk');
      const reply =
        '\n- id: zebra-desk\n  title: Zebra desk\n  text: "همکاران ما بستهٔ شما را از در خانه تحویل می‌گیرند."\n';
      const { started } = await saveThrough(
        a,
        dirA,
        'canned/fa.yaml',
        (text) => `${text.trimEnd()}\n${reply}`,
      );
      timings.canned = await until(
        started,
        () => b.hamdel.content.canned.current.fa.some((r) => r.id === 'zebra-desk'),
        'the canned reply on B',
      );
      expect(timings.canned).toBeLessThan(2_000);
      await agentConsole.waitFor((f) => ids(f).includes('zebra-desk'), 0, 5_000);
      timings.cannedInConsole = Math.round(performance.now() - started);
    } finally {
      agentConsole.close();
    }
  });

  it('makes B read a new lexicon word as anger, and B keeps it when a broken edit follows', async () => {
    const level = () => b.hamdel.content.anger.current.scoreMessage('this zebracorn service', 'en').level;
    expect(level()).toBe('calm');
    const { started } = await saveThrough(a, dirA, 'lexicons/en.yaml', (text) =>
      text.replace('\nanger:\n', '\nanger:\n  zebracorn: 0.9\n'),
    );
    timings.lexicon = await until(started, () => level() === 'angry', 'the new word on B');
    expect(timings.lexicon).toBeLessThan(2_000);

    // A broken edit reaches B's folder; B keeps the last good lexicon.
    const good = b.hamdel.content.anger.current;
    const broken = await saveThrough(a, dirA, 'lexicons/en.yaml', (text) =>
      text.replace('zebracorn: 0.9', 'zebracorn: 7'),
    );
    const fileB = path.join(dirB, 'lexicons/en.yaml');
    timings.brokenFile = await until(
      broken.started,
      async () => (await readFile(fileB, 'utf8')) === broken.text,
      'the broken file on B',
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher's reload has run and failed
    expect(b.hamdel.content.anger.current).toBe(good);
    expect(level()).toBe('angry');

    // The fix is taken.
    const fixed = await saveThrough(a, dirA, 'lexicons/en.yaml', (text) =>
      text.replace('zebracorn: 7', 'zebracorn: 0.2'),
    );
    timings.fix = await until(
      fixed.started,
      () => b.hamdel.content.anger.current !== good,
      'the fixed lexicon on B',
    );
    expect(level()).not.toBe('angry');
  });

  it('brings every earlier save into a process that starts later, before it serves', async () => {
    const dirC = await copyOfContent();
    const c = await serverOn(dirC);
    for (const file of ['articles/en/returns.md', 'canned/fa.yaml', 'lexicons/en.yaml']) {
      expect(await readFile(path.join(dirC, file), 'utf8'), file).toBe(
        await readFile(path.join(dirA, file), 'utf8'),
      );
    }
    expect(c.hamdel.knowledge.current.article('en', 'returns')?.body).toContain('zebra desk');
    expect(c.hamdel.content.canned.current.fa.map((r) => r.id)).toContain('zebra-desk');
    expect(c.hamdel.content.anger.current.scoreMessage('this zebracorn service', 'en').reasons).not.toEqual(
      [],
    );
  });

  it('removes a file an editor removed, on every copy', async () => {
    const file = 'articles/en/newsletter.md';
    await rm(path.join(dirA, file));
    const started = performance.now();
    await a.hamdel.contentSync.publish({ path: file, text: null, by: 'mina' });
    timings.removal = await until(
      started,
      () => b.hamdel.knowledge.current.article('en', 'newsletter') === undefined,
      'the article gone from B',
    );
    await expect(stat(path.join(dirB, file))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a shared folder and a copy changed by hand', () => {
  /** Another process's sync on `dir` (its own Redis connections), telling what it did. */
  async function syncOn(dir: string, outcomes: SyncOutcome[]) {
    const redis = connectRedis();
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix });
    const sync = new ContentSync({
      redis,
      events,
      prefix,
      contentDir: dir,
      clock: systemClock,
      onSynced: (outcome) => outcomes.push(outcome),
    });
    await sync.start();
    return {
      sync,
      async close() {
        await sync.close();
        await events.close();
        redis.disconnect();
      },
    };
  }

  it('writes nothing twice on a folder two processes share', async () => {
    const outcomes: SyncOutcome[] = [];
    const other = await syncOn(dirA, outcomes); // a second process on A's own folder
    try {
      expect(outcomes.every((o) => o.action === 'same' || o.action === 'removed')).toBe(true);
      const relative = 'articles/en/warranty.md';
      const file = path.join(dirA, relative);
      const saved = await saveThrough(a, dirA, relative, (text) => `${text.trimEnd()}\n\nZebra warranty.\n`);
      const inode = (await stat(file)).ino;
      await eventually(
        () => outcomes.find((o) => o.seq === saved.shared.seq),
        'the other process to see the save',
      );
      expect(outcomes.find((o) => o.seq === saved.shared.seq)?.action).toBe('same');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await stat(file)).ino).toBe(inode); // nobody wrote it again
      expect(await readFile(file, 'utf8')).toBe(saved.text);
    } finally {
      await other.close();
    }
  });

  it("replaces a copy changed by hand with the editors' next save, flagged as changed outside the editor", async () => {
    const dirD = await copyOfContent();
    const outcomes: SyncOutcome[] = [];
    const other = await syncOn(dirD, outcomes);
    try {
      // Catching up replaced the shipped copies, which the saves came from: not flagged.
      expect(outcomes.filter((o) => o.action === 'written').length).toBeGreaterThan(3);
      expect(outcomes.some((o) => o.diverged)).toBe(false);
      const relative = 'articles/en/warranty.md';
      await writeFile(path.join(dirD, relative), 'A line typed on the server.\n');
      const next = await saveThrough(a, dirA, relative, (text) =>
        text.replace('Zebra warranty.', 'Zebra warranty, two years.'),
      );
      await eventually(() => outcomes.find((o) => o.seq === next.shared.seq), 'the save on D');
      expect(outcomes.find((o) => o.seq === next.shared.seq)).toMatchObject({
        action: 'written',
        diverged: true,
      });
      expect(await readFile(path.join(dirD, relative), 'utf8')).toBe(next.text);
    } finally {
      await other.close();
    }
  });

  it('catches up on a save announced while its subscription was down', async () => {
    const dirE = await copyOfContent();
    const outcomes: SyncOutcome[] = [];
    const redis = connectRedis();
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix });
    const sync = new ContentSync({
      redis,
      events,
      prefix,
      contentDir: dirE,
      clock: systemClock,
      onSynced: (o) => outcomes.push(o),
    });
    try {
      await sync.start();
      const relative = 'articles/en/gift-cards.md';
      // The connection drops while the save is announced: the announcement is lost.
      subscriber.disconnect(false);
      const saved = await saveThrough(a, dirA, relative, (text) => `${text.trimEnd()}\n\nZebra gift wrap.\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(outcomes.find((o) => o.seq === saved.shared.seq)).toBeUndefined();
      // Back: the events tell their listeners it resumed, and the sync reads what it missed.
      await subscriber.connect();
      await eventually(
        () => outcomes.find((o) => o.seq === saved.shared.seq),
        'the catch-up after the break',
      );
      expect(await readFile(path.join(dirE, relative), 'utf8')).toBe(saved.text);
    } finally {
      await sync.close();
      await events.close();
      redis.disconnect();
    }
  });

  it('never writes outside the content folder, whatever an entry in Redis says', async () => {
    const redis = connectRedis();
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix: `${prefix}evil:` });
    const dirF = await copyOfContent();
    const sync = new ContentSync({
      redis,
      events,
      prefix: `${prefix}evil:`,
      contentDir: dirF,
      clock: systemClock,
    });
    try {
      const keys = contentSyncKeys(`${prefix}evil:`);
      const entry = {
        seq: 1,
        path: '../escaped.md',
        text: 'x',
        version: textVersion('x'),
        at: 0,
        history: [],
      };
      await redis.hset(keys.files, entry.path, JSON.stringify(entry));
      await redis.zadd(keys.order, 1, entry.path);
      await sync.start();
      await expect(stat(path.join(dirF, '..', 'escaped.md'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(sync.publish({ path: '../escaped.md', text: 'x' })).rejects.toThrow(/not a content path/);
    } finally {
      await sync.close();
      await events.close();
      await deleteKeys(redis, `${prefix}evil:`);
      redis.disconnect();
    }
  });
});
