/**
 * Editors' saves reach real hamdel processes (each `node src/server/main.ts` with its own copy of the
 * content folder, as on separate machines, one Redis): a saver here (content files with their sync, as in
 * every process) saves an article's new text and a lexicon word; process B answers a
 * customer with the new text and reads the word as anger, and process C, started after the saves, does
 * from its first answer. The times from the save to B's answer are printed (`propagation between
 * processes:`). Two seconds is the bound for the lexicon; an article's time is the file's arrival (tens of
 * milliseconds), the watcher's 150 ms and the rebuild of that language's index (about 0.4 s of CPU for the
 * 35 sample articles of a language), which on a busy machine takes longer: 5 s is its bound here.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HamdelProcess } from '../../../bench/load/hamdel-process.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisConversationEvents } from '../../../src/conversations/redis-conversation-events.ts';
import { ContentFiles } from '../../../src/editor/content-files.ts';
import { ContentSync } from '../../../src/editor/content-sync.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';
import { connectRedis, deleteKeys, randomPrefix, REDIS_URL } from '../../helpers/redis.ts';

const TOKEN = 'a-test-token-of-at-least-32-characters';
const prefix = randomPrefix();
const folders: string[] = [];
const processes: HamdelProcess[] = [];
const redis = connectRedis();
const subscriber = connectRedis();
const events = new RedisConversationEvents({ redis, subscriber, prefix });
const timings: Record<string, number> = {};
let saverDir: string;
let saver: ContentSync;
let saverFiles: ContentFiles;
let b: HamdelProcess;

async function copyOfContent(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-sync-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  folders.push(dir);
  return dir;
}

async function processOn(dir: string): Promise<HamdelProcess> {
  const server = await HamdelProcess.start({
    redisUrl: REDIS_URL,
    keyPrefix: prefix,
    httpToken: TOKEN,
    logFile: path.join(dir, '..', `${path.basename(dir)}.log`),
    env: { CONTENT_DIR: dir, CONTENT_WATCH: 'true', LOG_LEVEL: 'info' },
  });
  processes.push(server);
  return server;
}

/** A save through the saver's content files (written in its folder, shared with every process). */
async function save(relative: string, change: (text: string) => string): Promise<number> {
  const started = performance.now();
  await saverFiles.change(relative, (current) => change(current.text));
  return started;
}

async function ask(server: HamdelProcess, text: string): Promise<string> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ customerId: `c-${randomUUID()}`, text, language: 'en' }),
  });
  const body = (await response.json()) as { replies: { text: string }[] };
  return body.replies.map((reply) => reply.text).join('\n');
}

/** Milliseconds from `started` until `probe` holds (tried every 50 ms, 20 s at most). */
async function until(started: number, probe: () => Promise<boolean>, what: string): Promise<number> {
  const deadline = started + 20_000;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Math.round(performance.now() - started);
}

beforeAll(async () => {
  saverDir = await copyOfContent();
  saverFiles = new ContentFiles({
    root: saverDir,
    redis,
    prefix,
    sync: { refresh: (relative) => saver.refresh(relative), publish: (change) => saver.publish(change) },
  });
  saver = new ContentSync({ redis, events, prefix, files: saverFiles, clock: systemClock });
  await saver.start();
  b = await processOn(await copyOfContent());
}, 120_000);

afterAll(async () => {
  console.log('propagation between processes:', JSON.stringify(timings));
  for (const server of processes) await server.stop();
  await saver?.close();
  await events.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  for (const dir of folders) {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.log`, { force: true });
  }
}, 60_000);

describe('a save reaches every hamdel process', () => {
  it('B answers with the new article text and reads the new lexicon word within two seconds of the save', async () => {
    const marker = 'Our zebra desk collects returns from your door.';
    expect(await ask(b, 'how do I return an item')).not.toContain(marker);
    const articleSaved = await save('articles/en/returns.md', (text) => `${text.trimEnd()}\n\n${marker}\n`);
    timings.article = await until(
      articleSaved,
      async () => (await ask(b, 'how do I return an item')).includes(marker),
      'the new text from B',
    );

    const apology = 'really sorry';
    expect(await ask(b, 'this zebracorn service')).not.toContain(apology);
    const lexiconSaved = await save('lexicons/en.yaml', (text) =>
      text.replace('\nanger:\n', '\nanger:\n  zebracorn: 0.9\n'),
    );
    timings.lexicon = await until(
      lexiconSaved,
      async () => (await ask(b, 'this zebracorn service!!')).includes(apology),
      'an apology from B',
    );
    expect(timings.article).toBeLessThan(5_000);
    expect(timings.lexicon).toBeLessThan(2_000);
  }, 60_000);

  it('a process started after the saves answers with them from the start', async () => {
    const c = await processOn(await copyOfContent());
    expect(await ask(c, 'how do I return an item')).toContain('zebra desk');
    expect(await ask(c, 'this zebracorn service!!')).toContain('really sorry');
  }, 120_000);
});
