/**
 * Content files on a real disk with real Redis locks: versions are the bytes' sha256, a change on an old
 * version is a conflict carrying the file as it is, two saves of one version at once (two instances, as two
 * processes) give one save and one conflict, writes are atomic (a reader never sees half a file) and keep
 * the file's mode, paths cannot leave the content folder.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HamdelError, isHamdelError } from '../../../src/core/errors.ts';
import { RedisLock } from '../../../src/core/redis-lock.ts';
import {
  checkContentPath,
  contentLockKey,
  ContentFiles,
  contentVersion,
} from '../../../src/editor/content-files.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

let redis: Redis;
let prefix: string;
let root: string;
let outside: string;

beforeAll(() => {
  redis = connectRedis();
});
afterAll(() => redis.disconnect());

beforeEach(async () => {
  prefix = randomPrefix();
  root = await mkdtemp(path.join(tmpdir(), 'hamdel-content-files-'));
  outside = await mkdtemp(path.join(tmpdir(), 'hamdel-outside-'));
  await mkdir(path.join(root, 'articles/en'), { recursive: true });
  await writeFile(path.join(root, 'articles/en/returns.md'), 'first\n');
});
afterEach(async () => {
  await deleteKeys(redis, prefix);
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const files = (o: { lockWaitMs?: number } = {}) => new ContentFiles({ root, redis, prefix, ...o });
const onDisk = (relative: string) => readFile(path.join(root, relative), 'utf8');

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<HamdelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHamdelError(error)) throw new Error(`expected a HamdelError, got ${String(error)}`);
  return error;
}

describe('ContentFiles', () => {
  it('reads a file with the sha256 of its bytes as its version, and lists a folder', async () => {
    const file = await files().read('articles/en/returns.md');
    expect(file).toEqual({
      path: 'articles/en/returns.md',
      text: 'first\n',
      version: createHash('sha256').update(Buffer.from('first\n')).digest('hex'),
    });
    await writeFile(path.join(root, 'articles/en/.returns.md.tmp'), 'x');
    await writeFile(path.join(root, 'articles/en/notes.txt'), 'x');
    expect(await files().list('articles/en', '.md')).toEqual(['articles/en/returns.md']);
    expect(await files().list('articles/xx', '.md')).toEqual([]);
    expect((await failure(files().read('articles/en/none.md'))).code).toBe('CONTENT_NOT_FOUND');
  });

  it('writes on the version read, and refuses an old version with the file as it is now', async () => {
    const first = await files().read('articles/en/returns.md');
    const { after } = await files().write(first.path, 'second\n', first.version);
    expect(after.version).toBe(contentVersion('second\n'));
    expect(await onDisk(first.path)).toBe('second\n');

    const error = await failure(files().write(first.path, 'lost?\n', first.version));
    expect(error.code).toBe('CONTENT_CONFLICT');
    expect(error.context.current).toEqual({ text: 'second\n', version: after.version });
    expect(await onDisk(first.path)).toBe('second\n');
  });

  it('lets one of two saves of the same version through, the other is a conflict (two processes)', async () => {
    const first = await files().read('articles/en/returns.md');
    // Each save reads, then takes a while to make its text: without the lock both would pass the compare.
    const slowly = (text: string) => async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return text;
    };
    const results = await Promise.allSettled([
      files().change(first.path, slowly('from A\n'), first.version),
      files().change(first.path, slowly('from B\n'), first.version),
    ]);
    const saved = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(isHamdelError(refused[0], 'CONTENT_CONFLICT')).toBe(true);
    const winner = saved[0]?.status === 'fulfilled' ? saved[0].value.after.text : '';
    expect(await onDisk(first.path)).toBe(winner);
    expect((refused[0] as HamdelError).context.current).toEqual({
      text: winner,
      version: contentVersion(winner),
    });
  });

  it('writes atomically: a reader sees the old file or the new one, never part of one; the mode stays', async () => {
    const big = (letter: string) => `${letter.repeat(2_000_000)}\n`;
    const file = 'articles/en/returns.md';
    await writeFile(path.join(root, file), big('a'));
    await chmod(path.join(root, file), 0o640);
    let version = (await files().read(file)).version;
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path.join(root, file), 'utf8');
        seen.add(
          text.length === 2_000_001 && /^(a+|b+|c+)\n$/.test(text)
            ? (text[0] as string)
            : `torn ${text.length}`,
        );
      }
    })();
    for (const letter of ['b', 'c', 'a', 'b', 'c']) {
      version = (await files().write(file, big(letter), version)).after.version;
    }
    writing = false;
    await reader;
    expect([...seen].filter((s) => s.startsWith('torn'))).toEqual([]);
    expect(seen.size).toBeGreaterThan(1);
    expect((await stat(path.join(root, file))).mode & 0o777).toBe(0o640);
    expect(await readdir(path.join(root, 'articles/en'))).toEqual(['returns.md']); // no temporary left
  });

  it('creates only new files, renames only onto free names, removes only the version read', async () => {
    const created = await files().create('articles/fa/returns.md', 'تازه\n');
    expect(await onDisk('articles/fa/returns.md')).toBe('تازه\n');
    expect((await failure(files().create('articles/fa/returns.md', 'again\n'))).code).toBe('CONTENT_EXISTS');
    expect(await onDisk('articles/fa/returns.md')).toBe('تازه\n');

    const en = await files().read('articles/en/returns.md');
    await writeFile(path.join(root, 'articles/en/refunds.md'), 'taken\n');
    const taken = await failure(files().rename(en.path, 'articles/en/refunds.md', en.version));
    expect(taken.code).toBe('CONTENT_EXISTS');
    expect(await onDisk(en.path)).toBe('first\n');
    const stale = await failure(files().rename(en.path, 'articles/en/returning.md', created.version));
    expect(stale.code).toBe('CONTENT_CONFLICT');
    const moved = await files().rename(en.path, 'articles/en/returning.md', en.version, () => 'moved\n');
    expect(moved.after.path).toBe('articles/en/returning.md');
    expect(await onDisk('articles/en/returning.md')).toBe('moved\n');
    expect(await files().find(en.path)).toBeUndefined();

    const gone = await failure(files().write(en.path, 'x\n', en.version));
    expect(gone.code).toBe('CONTENT_CONFLICT');
    expect(gone.context.current).toBeNull();
    expect((await failure(files().remove('articles/fa/returns.md', en.version))).code).toBe(
      'CONTENT_CONFLICT',
    );
    await files().remove('articles/fa/returns.md', created.version);
    expect(await files().find('articles/fa/returns.md')).toBeUndefined();
  });

  it('refuses paths that are not plain names inside the content folder', async () => {
    for (const bad of [
      '',
      '../secrets.md',
      'articles/../../etc/passwd',
      '/etc/passwd',
      'articles/en/.hidden.md',
      'articles//en.md',
      'Articles/en/x.md',
      'articles/en/x.md/',
      'articles\\en\\x.md',
    ]) {
      expect(() => checkContentPath(bad), bad).toThrow(HamdelError);
      expect((await failure(files().read(bad))).code, bad).toBe('CONTENT_PATH_INVALID');
    }
    await writeFile(path.join(outside, 'secret.md'), 'secret\n');
    await symlink(outside, path.join(root, 'articles/leak'));
    expect((await failure(files().read('articles/leak/secret.md'))).code).toBe('CONTENT_PATH_INVALID');
    expect((await failure(files().create('articles/leak/new.md', 'x'))).code).toBe('CONTENT_PATH_INVALID');
    expect(await readdir(outside)).toEqual(['secret.md']);
  });

  it('gives up with CONTENT_BUSY while another holder keeps the file locked, writing nothing', async () => {
    const file = await files().read('articles/en/returns.md');
    const lock = new RedisLock({ redis, key: contentLockKey(prefix, file.path), ttlMs: 5_000 });
    expect(await lock.acquire()).toBe(true);
    try {
      const error = await failure(files({ lockWaitMs: 200 }).write(file.path, 'x\n', file.version));
      expect(error.code).toBe('CONTENT_BUSY');
      expect(await onDisk(file.path)).toBe('first\n');
    } finally {
      await lock.release();
    }
    await files().write(file.path, 'x\n', file.version);
    expect(await onDisk(file.path)).toBe('x\n');
  });
});
