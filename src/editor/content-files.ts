import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HamdelError } from '../core/errors.ts';
import { LockBusyError, withLock } from '../core/redis-lock.ts';
import type { RedisConnection } from '../core/redis-script.ts';

/** A file under the content folder as it is on disk: its path, its text and its version. */
export interface ContentFile {
  /** Relative to the content folder, with `/` (e.g. `articles/fa/returns.md`). */
  readonly path: string;
  readonly text: string;
  /** sha256 of the file's bytes, hex (`contentVersion`). */
  readonly version: string;
}

/** What a CONTENT_CONFLICT carries (`context.current`): the file on disk now, or null when it is gone. */
export type ContentNow = { readonly text: string; readonly version: string } | null;

/** A change made: the file before and after (the same version when nothing had to be written). */
export interface ContentChange {
  readonly before: ContentFile;
  readonly after: ContentFile;
}

/**
 * How saves reach the other processes (content-sync.ts), called under the file's lock: `refresh` before
 * the compare (so it is made on the latest save from any process), `publish` after each write.
 */
export interface ContentFileSync {
  refresh(relative: string): Promise<void>;
  /** A change written here: the new text (null: removed) and the version it replaced, when known. */
  publish(change: { path: string; text: string | null; from?: string }): Promise<unknown>;
}

/** What `install` did: the file written, removed, or already so; `before`: its version before. */
export interface Installed {
  readonly action: 'written' | 'removed' | 'same';
  readonly before?: string;
}

export interface ContentFilesOptions {
  /** The content folder (CONTENT_DIR). */
  readonly root: string;
  readonly redis: RedisConnection;
  /** KEY_PREFIX: the per-file locks live under `<prefix>{content}:lock:<path>`. */
  readonly prefix: string;
  /** A lock's life without renewal (default 10 s; renewed while a change runs). */
  readonly lockTtlMs?: number;
  /** How long a change waits for another one of the same file (default 5 s; then CONTENT_BUSY). */
  readonly lockWaitMs?: number;
  /** Shares every change with the other processes (content-sync.ts); none: this process only. */
  readonly sync?: ContentFileSync;
}

/** A folder or file name: lower-case letters, digits and dashes, with one extension for a file. */
const SEGMENT = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?$/;
const MAX_PATH = 240;

/** A file's version: sha256 of its bytes (of the UTF-8 text when given a string), hex. */
export function contentVersion(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The path, checked: relative, `/`-separated, each part lower-case letters, digits and dashes (the last may
 * have one extension), so no `..`, no hidden or temporary files and nothing outside the content folder.
 * Throws CONTENT_PATH_INVALID.
 */
export function checkContentPath(relative: string): string {
  const parts = relative.split('/');
  if (relative.length === 0 || relative.length > MAX_PATH || !parts.every((part) => SEGMENT.test(part))) {
    throw new HamdelError(
      'CONTENT_PATH_INVALID',
      `"${relative.slice(0, 80)}" is not a content path (lower-case letters, digits and dashes; no "..").`,
      { path: relative.slice(0, 80) },
    );
  }
  return relative;
}

/** The Redis key of one content file's lock. */
export function contentLockKey(prefix: string, relative: string): string {
  return `${prefix}{content}:lock:${relative}`;
}

/**
 * The one way the server changes files under the content folder for editors (articles now; style lists
 * and other content later). Every file has a version, the sha256 of its bytes; a change names the version it
 * was made on and is refused with CONTENT_CONFLICT (409, `context.current`: the file as it is now) when the
 * file is not that version any more: nothing is overwritten unseen. The compare and the write happen under
 * a per-file Redis lock (`core/redis-lock.ts`), so two saves at once, from one process or several, cannot
 * both pass. A write goes to a temporary file beside the target, flushed, then renamed over it, so readers
 * (the knowledge base's watcher, git) see the old file or the new one, never half of one; a file keeps its
 * permissions. Creating never replaces a file (a hard link, which fails when the name is taken). A writer
 * that takes no lock (an editor on the server, `git pull`) can still slip between the compare and the
 * rename; its change is then replaced, as with any two editors of one file. With `sync`, every change
 * reaches the other processes (content-sync.ts): under the lock the file is first brought up to date with
 * the latest save from any process, and each write is shared once done.
 */
export class ContentFiles {
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private rootReal: Promise<string> | undefined;

  constructor(private readonly o: ContentFilesOptions) {
    this.lockTtlMs = o.lockTtlMs ?? 10_000;
    this.lockWaitMs = o.lockWaitMs ?? 5_000;
  }

  /** The file; CONTENT_NOT_FOUND when there is none. */
  async read(relative: string): Promise<ContentFile> {
    const file = await this.find(relative);
    if (!file) throw notFound(relative);
    return file;
  }

  /** The file, or undefined when there is none. */
  async find(relative: string): Promise<ContentFile | undefined> {
    const absolute = await this.resolve(relative);
    let bytes: Buffer;
    try {
      bytes = await readFile(absolute);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    return { path: relative, text: bytes.toString('utf8'), version: contentVersion(bytes) };
  }

  /**
   * The paths of the files directly in `folder` whose names end with `extension` (e.g. `.md`), sorted; an
   * absent folder has none. Names the path check refuses (hidden, temporary, upper-case) are left out.
   */
  async list(folder: string, extension: string): Promise<string[]> {
    const absolute = await this.resolve(folder);
    let names: string[];
    try {
      names = await readdir(absolute);
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith(extension) && SEGMENT.test(name))
      .sort()
      .map((name) => `${folder}/${name}`);
  }

  /** Replaces the file's text if it is still `expected`; CONTENT_CONFLICT otherwise (also when it is gone). */
  async write(relative: string, text: string, expected: string): Promise<ContentChange> {
    return this.change(relative, () => text, expected);
  }

  /**
   * Reads the file, makes its new text with `edit`, and writes it, all under the file's lock: with
   * `expected`, only if the file is that version (else CONTENT_CONFLICT); without, on whatever is there
   * (for additions that cannot clash, such as one more example question). `edit` may throw to refuse; then
   * nothing is written. CONTENT_NOT_FOUND when there is no file (CONTENT_CONFLICT with `expected`).
   */
  async change(
    relative: string,
    edit: (current: ContentFile) => string | Promise<string>,
    expected?: string,
  ): Promise<ContentChange> {
    const absolute = await this.resolve(relative);
    return this.locked([relative], async () => {
      const before = await this.find(relative);
      if (!before) {
        if (expected !== undefined) throw conflict(relative, null);
        throw notFound(relative);
      }
      if (expected !== undefined && before.version !== expected) throw conflict(relative, before);
      const text = await edit(before);
      const after = { path: relative, text, version: contentVersion(text) };
      if (after.version !== before.version) {
        await replaceAtomically(absolute, text);
        await this.o.sync?.publish({ path: relative, text, from: before.version });
      }
      return { before, after };
    });
  }

  /** Creates the file (and its folder); CONTENT_EXISTS when the name is taken. */
  async create(relative: string, text: string): Promise<ContentFile> {
    const absolute = await this.resolve(relative, { makeFolder: true });
    return this.locked([relative], async () => {
      await createAtomically(absolute, relative, text);
      await this.o.sync?.publish({ path: relative, text });
      return { path: relative, text, version: contentVersion(text) };
    });
  }

  /**
   * Moves the file at `from` (if it is still `expected`) to `to`, with its text changed by `edit` (e.g. the
   * id inside it), under both files' locks: CONTENT_CONFLICT, CONTENT_EXISTS when `to` is taken.
   */
  async rename(
    from: string,
    to: string,
    expected: string,
    edit: (current: ContentFile) => string | Promise<string> = (current) => current.text,
  ): Promise<ContentChange> {
    const source = await this.resolve(from);
    const target = await this.resolve(to, { makeFolder: true });
    return this.locked([from, to], async () => {
      const before = await this.find(from);
      if (!before || before.version !== expected) throw conflict(from, before ?? null);
      const text = await edit(before);
      await createAtomically(target, to, text);
      await unlink(source);
      await this.o.sync?.publish({ path: to, text });
      await this.o.sync?.publish({ path: from, text: null, from: before.version });
      return { before, after: { path: to, text, version: contentVersion(text) } };
    });
  }

  /** Deletes the file if it is still `expected`; CONTENT_CONFLICT otherwise. Returns what was removed. */
  async remove(relative: string, expected: string): Promise<ContentFile> {
    const absolute = await this.resolve(relative);
    return this.locked([relative], async () => {
      const before = await this.find(relative);
      if (!before || before.version !== expected) throw conflict(relative, before ?? null);
      await unlink(absolute);
      await this.o.sync?.publish({ path: relative, text: null, from: before.version });
      return before;
    });
  }

  /**
   * Makes the file `text`, or removes it (null), with no lock and no version check: a save made on another
   * process being brought into this folder (content-sync.ts, one file at a time). Writes only when the
   * file differs.
   */
  async install(relative: string, text: string | null): Promise<Installed> {
    const absolute = await this.resolve(relative, { makeFolder: text !== null });
    const current = await this.find(relative);
    const before = current === undefined ? {} : { before: current.version };
    if (text === null) {
      if (current === undefined) return { action: 'same' };
      await unlink(absolute);
      return { action: 'removed', ...before };
    }
    if (current?.version === contentVersion(text)) return { action: 'same', ...before };
    if (current === undefined) await writeNew(absolute, text);
    else await replaceAtomically(absolute, text);
    return { action: 'written', ...before };
  }

  /**
   * Runs `work` holding the locks of `paths` (taken in order, so two renames cannot wait on each other),
   * once the files are brought up to date with the saves of other processes (`sync.refresh`).
   */
  private async locked<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(paths)].sort();
    return this.lockedInOrder(sorted, async () => {
      for (const relative of sorted) await this.o.sync?.refresh(relative);
      return work();
    });
  }

  private async lockedInOrder<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = paths;
    if (first === undefined) return work();
    try {
      return await withLock(
        {
          redis: this.o.redis,
          key: contentLockKey(this.o.prefix, first),
          ttlMs: this.lockTtlMs,
          waitMs: this.lockWaitMs,
        },
        () => (rest.length > 0 ? this.lockedInOrder(rest, work) : work()),
      );
    } catch (error) {
      if (!(error instanceof LockBusyError)) throw error;
      throw new HamdelError(
        'CONTENT_BUSY',
        `Another save of ${first} is still running; nothing was written. Try again.`,
        { path: first },
      );
    }
  }

  /** The absolute path of a checked relative one, inside the content folder even through symbolic links. */
  private async resolve(relative: string, options: { makeFolder?: boolean } = {}): Promise<string> {
    checkContentPath(relative);
    this.rootReal ??= realpath(this.o.root);
    const root = await this.rootReal;
    const absolute = path.join(root, ...relative.split('/'));
    const folder = path.dirname(absolute);
    if (options.makeFolder) await mkdir(folder, { recursive: true });
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      if (isMissing(error)) return absolute; // nothing there: reading finds nothing, writing is refused
      throw error;
    }
    if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
      throw new HamdelError('CONTENT_PATH_INVALID', `${relative} leads out of the content folder.`, {
        path: relative,
      });
    }
    return path.join(real, path.basename(absolute));
  }
}

/** Writes `text` beside `absolute`, flushes it, gives it the old file's permissions and renames it over. */
async function replaceAtomically(absolute: string, text: string): Promise<void> {
  const mode = (await stat(absolute)).mode & 0o777;
  const temporary = await writeTemporary(absolute, text, mode);
  try {
    await rename(temporary, absolute);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Writes `text` to `absolute`, where there is no file yet (or one that may be replaced), by a rename. */
async function writeNew(absolute: string, text: string): Promise<void> {
  const temporary = await writeTemporary(absolute, text, 0o644);
  try {
    await rename(temporary, absolute);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Writes `text` beside `absolute` and links it there only if the name is free (CONTENT_EXISTS). */
async function createAtomically(absolute: string, relative: string, text: string): Promise<void> {
  const temporary = await writeTemporary(absolute, text, 0o644);
  try {
    await link(temporary, absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HamdelError('CONTENT_EXISTS', `${relative} already exists.`, { path: relative });
    }
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** A hidden temporary file in the target's folder (same file system, so the rename is atomic). */
async function writeTemporary(absolute: string, text: string, mode: number): Promise<string> {
  const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.chmod(mode); // the mode given to open() passes through the umask
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temporary;
}

function conflict(relative: string, now: ContentFile | null): HamdelError {
  const current: ContentNow = now ? { text: now.text, version: now.version } : null;
  return new HamdelError(
    'CONTENT_CONFLICT',
    now
      ? `${relative} changed on disk since it was opened; nothing was written.`
      : `${relative} was removed on disk since it was opened; nothing was written.`,
    { path: relative, current },
  );
}

function notFound(relative: string): HamdelError {
  return new HamdelError('CONTENT_NOT_FOUND', `There is no ${relative}.`, { path: relative });
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
