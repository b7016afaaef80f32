/**
 * Editors' saves on several processes: two hamdel servers in this process, each with its own copy of the
 * content folder (as on two machines), sharing one real Redis. A save through A (an article through the
 * editor's API, a canned reply or a lexicon through A's content files) reaches B: B's folder has the file
 * within two seconds, B answers a customer with the article's new text, an agent on B is offered the new
 * canned reply, B reads the new lexicon word as anger. Two editors saving one version on A and on B: the
 * second is refused with CONTENT_CONFLICT. A server started later catches up before it serves; a broken
 * edit reaches B's folder and B keeps the last good version; a removal removes everywhere; on a folder
 * shared by two processes nothing is written twice; a copy changed by hand is replaced by the next save
 * (flagged); a lost announcement is caught up after the break; nothing is written outside the folder.
 * Propagation times are printed (`propagation:`).
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConversationEvents } from '../../../src/conversations/redis-conversation-events.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { ContentFiles, contentVersion } from '../../../src/editor/content-files.ts';
import { ContentSync, contentSyncKeys, type SyncOutcome } from '../../../src/editor/content-sync.ts';
import type { ConsoleServerFrame } from '../../../src/handoff/console-protocol.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';
import { clockFrom, startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';

const TOKEN = 'test-token-0123456789';
// Monday 23 November 2026, 10:00 in Dubai: the sample team is at work.
const MONDAY_MORNING = Date.UTC(2026, 10, 23, 6);
const PASSWORD = 'editor password 123';

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

async function signIn(server: TestServer, id: string): Promise<string> {
  const response = await fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call(server: TestServer, cookie: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A save through `server`'s content files, as every editor's change is made. */
async function saveThrough(server: TestServer, relative: string, change: (text: string) => string) {
  const started = performance.now();
  const { after } = await server.hamdel.contentFiles.change(relative, (current) => change(current.text));
  const shared = await server.hamdel.contentSync.latest(relative);
  if (shared === undefined) throw new Error(`${relative} was not shared`);
  return { text: after.text, started, shared };
}

/** How long after `started` the probe first holds (polled every 25 ms), in ms; fails after 10 s. */
async function until(
  started: number,
  probe: () => boolean | Promise<boolean>,
  what: string,
): Promise<number> {
  await eventually(async () => (await probe()) || undefined, what, 10_000);
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
  for (const id of ['mina', 'reza']) {
    await a.hamdel.human.agents.create({
      id,
      name: id,
      role: 'editor',
      languages: ['en'],
      password: PASSWORD,
    });
  }
});

afterAll(async () => {
  console.log('propagation:', JSON.stringify(timings));
  for (const server of servers.slice(0, -1)) await server.close({ keepData: true });
  await servers.at(-1)?.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('content saved through one process', () => {
  it("brings an article saved in A's editor into B's folder within two seconds, and B answers with it", async () => {
    const marker = 'Our zebra desk collects returns from your door.';
    expect((await ask(b, 'how do I return an item')).join('\n')).not.toContain(marker);
    const editor = await signIn(a, 'mina');
    const read = await call(a, editor, 'GET', '/api/editor/articles/en/returns');
    const started = performance.now();
    const saved = await call(a, editor, 'PUT', '/api/editor/articles/en/returns', {
      text: `${String(read.json.text).trimEnd()}\n\n${marker}\n`,
      version: read.json.version,
    });
    expect(saved.status).toBe(200);
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

  it('refuses the second of two editors who saved the same version on A and on B', async () => {
    const [onA, onB] = [await signIn(a, 'mina'), await signIn(b, 'reza')];
    const readA = await call(a, onA, 'GET', '/api/editor/articles/en/warranty');
    const readB = await call(b, onB, 'GET', '/api/editor/articles/en/warranty');
    expect(readB.json.version).toBe(readA.json.version);
    const first = await call(a, onA, 'PUT', '/api/editor/articles/en/warranty', {
      text: `${String(readA.json.text).trimEnd()}\n\nMina's line.\n`,
      version: readA.json.version,
    });
    expect(first.status).toBe(200);
    const second = await call(b, onB, 'PUT', '/api/editor/articles/en/warranty', {
      text: `${String(readB.json.text).trimEnd()}\n\nReza's line.\n`,
      version: readB.json.version,
    });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe('CONTENT_CONFLICT');
    expect(JSON.stringify(second.json)).toContain("Mina's line.");
    await eventually(
      async () =>
        (await readFile(path.join(dirB, 'articles/en/warranty.md'), 'utf8')).includes("Mina's line."),
      'the first save on B',
    );
    expect(await readFile(path.join(dirB, 'articles/en/warranty.md'), 'utf8')).not.toContain("Reza's line.");
  });

  it('compares on the latest save from any process, even before the announcement arrives', async () => {
    // A process whose sync is not following the announcements: only its lock-time refresh can know.
    const redis = connectRedis();
    const dirE = await copyOfContent();
    const sync: ContentSync = new ContentSync({
      redis,
      events: { subscribe: async () => async () => undefined },
      prefix,
      files: { install: (relative, text) => files.install(relative, text) },
      clock: systemClock,
    });
    const files: ContentFiles = new ContentFiles({
      root: dirE,
      redis,
      prefix,
      sync: { refresh: (relative) => sync.refresh(relative), publish: (change) => sync.publish(change) },
    });
    try {
      const relative = 'articles/en/exchange.md';
      const stale = (await files.read(relative)).version;
      await saveThrough(a, relative, (text) => `${text.trimEnd()}\n\nZebra exchange.\n`);
      await expect(files.write(relative, 'Mine.\n', stale)).rejects.toMatchObject({
        code: 'CONTENT_CONFLICT',
        context: { current: { text: expect.stringContaining('Zebra exchange.') } },
      });
    } finally {
      redis.disconnect();
    }
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
      const { started } = await saveThrough(a, 'canned/fa.yaml', (text) => `${text.trimEnd()}\n${reply}`);
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
    const { started } = await saveThrough(a, 'lexicons/en.yaml', (text) =>
      text.replace('\nanger:\n', '\nanger:\n  zebracorn: 0.9\n'),
    );
    timings.lexicon = await until(started, () => level() === 'angry', 'the new word on B');
    expect(timings.lexicon).toBeLessThan(2_000);

    // A broken edit reaches B's folder; B keeps the last good lexicon.
    const good = b.hamdel.content.anger.current;
    const broken = await saveThrough(a, 'lexicons/en.yaml', (text) =>
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
    const fixed = await saveThrough(a, 'lexicons/en.yaml', (text) =>
      text.replace('zebracorn: 7', 'zebracorn: 0.2'),
    );
    timings.fix = await until(fixed.started, () => b.hamdel.content.anger.current !== good, 'the fix on B');
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

  it('removes everywhere an article an editor deleted', async () => {
    const editor = await signIn(a, 'mina');
    const read = await call(a, editor, 'GET', '/api/editor/articles/en/newsletter');
    const started = performance.now();
    const removed = await call(
      a,
      editor,
      'DELETE',
      `/api/editor/articles/en/newsletter?version=${String(read.json.version)}`,
    );
    expect(removed.status).toBe(200);
    timings.removal = await until(
      started,
      () => b.hamdel.knowledge.current.article('en', 'newsletter') === undefined,
      'the article gone from B',
    );
    await expect(stat(path.join(dirB, 'articles/en/newsletter.md'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('a shared folder, a copy changed by hand, a break', () => {
  /** Another process's sync on `dir` (its own Redis connections and content files), telling what it did. */
  async function syncOn(dir: string, outcomes: SyncOutcome[], keyPrefix = prefix) {
    const redis = connectRedis();
    const subscriber = connectRedis();
    const events = new RedisConversationEvents({ redis, subscriber, prefix: keyPrefix });
    const sync = new ContentSync({
      redis,
      events,
      prefix: keyPrefix,
      files: new ContentFiles({ root: dir, redis, prefix: keyPrefix }),
      clock: systemClock,
      onSynced: (outcome) => outcomes.push(outcome),
    });
    return {
      sync,
      redis,
      subscriber,
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
      await other.sync.start();
      expect(outcomes.every((o) => o.action === 'same')).toBe(true);
      const relative = 'articles/en/warranty.md';
      const file = path.join(dirA, relative);
      const saved = await saveThrough(a, relative, (text) => `${text.trimEnd()}\n\nZebra warranty.\n`);
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
      await other.sync.start();
      // Catching up replaced the shipped copies, which the saves came from: not flagged.
      expect(outcomes.filter((o) => o.action === 'written').length).toBeGreaterThan(3);
      expect(outcomes.some((o) => o.diverged)).toBe(false);
      const relative = 'articles/en/warranty.md';
      await writeFile(path.join(dirD, relative), 'A line typed on the server.\n');
      const next = await saveThrough(a, relative, (text) =>
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
    const other = await syncOn(dirE, outcomes);
    try {
      await other.sync.start();
      const relative = 'articles/en/gift-cards.md';
      // The connection drops while the save is announced: the announcement is lost.
      other.subscriber.disconnect(false);
      const saved = await saveThrough(a, relative, (text) => `${text.trimEnd()}\n\nZebra gift wrap.\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(outcomes.find((o) => o.seq === saved.shared.seq)).toBeUndefined();
      // Back: the events tell their listeners it resumed, and the sync reads what it missed.
      await other.subscriber.connect();
      await eventually(
        () => outcomes.find((o) => o.seq === saved.shared.seq),
        'the catch-up after the break',
      );
      expect(await readFile(path.join(dirE, relative), 'utf8')).toBe(saved.text);
    } finally {
      await other.close();
    }
  });

  it('never writes outside the content folder, whatever an entry in Redis says', async () => {
    const evil = `${prefix}evil:`;
    const dirF = await copyOfContent();
    const other = await syncOn(dirF, [], evil);
    try {
      const keys = contentSyncKeys(evil);
      const entry = {
        seq: 1,
        path: '../escaped.md',
        text: 'x',
        version: contentVersion('x'),
        at: 0,
        history: [],
      };
      await other.redis.hset(keys.files, entry.path, JSON.stringify(entry));
      await other.redis.zadd(keys.order, 1, entry.path);
      await other.sync.start();
      await expect(stat(path.join(dirF, '..', 'escaped.md'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(other.sync.publish({ path: '../escaped.md', text: 'x' })).rejects.toMatchObject({
        code: 'CONTENT_PATH_INVALID',
      });
    } finally {
      await deleteKeys(other.redis, evil);
      await other.close();
    }
  });
});
