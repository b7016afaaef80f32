/**
 * Editors' saves reach every process, each with its own copy of the content folder (other machines) or
 * all sharing one (docs/architecture.md, "Content on several processes").
 *
 * An editor's change goes through the saving process's content files (content-files.ts), which write its
 * own copy under the file's Redis lock and then `publish` it: one script records the file in Redis (the
 * latest saved text of every file editors ever saved, hash `<prefix>{content}:files`, path -> JSON {seq,
 * path, text, version, at, by, history}; each save numbered by `{content}:seq`, and `{content}:order`
 * holds the paths by number) and publishes `content-changed` {path, seq} on CONTENT_CHANNEL. Every other
 * process brings that file into its own folder through its own content files (`ContentFiles.install`): it
 * reads the latest entry (never an older one: a save's number only grows) and, only when its copy's
 * sha256 differs from the entry's version, writes the text atomically or removes the file; its watcher
 * swaps the new version in (and keeps the last good one if the text is broken). A process that starts, or
 * whose subscription comes back after a break, reads every entry numbered after the last it read
 * (`catchUp`) before it serves.
 *
 * Safe with a shared folder: bringing a file in never announces anything, and a copy that already has the
 * version is left alone, so there are no write loops and no ping-pong; two processes writing the same
 * text at once rename the same bytes over the file. On one process the writes of a file go one at a time,
 * in the order of the saves.
 *
 * Conflicts: editors' saves of one file are serialized by the per-file Redis lock of the content files
 * (content-files.ts), which first calls `refresh` so that the compare with the editor's base version is
 * made on the latest save from any machine (the second of two saves on one version is refused there with
 * CONTENT_CONFLICT). A copy changed outside the editor (a hand edit, a redeploy with other content) loses
 * to the editors' latest save at the next catch-up or save of that file: it is replaced, and logged as a
 * warning with both versions when it was not one the save came from (docs/deploy.md says how to let a
 * shipped file win).
 */
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { RedisScript, type RedisConnection } from '../core/redis-script.ts';
import { CONTENT_CHANNEL, type ConversationEvents } from '../conversations/conversation-events.ts';
import { conversationKeys } from '../conversations/redis-keys.ts';
import { checkContentPath, contentVersion, type ContentFiles } from './content-files.ts';

/** A file as editors last saved it, shared by every process. */
export interface SharedFile {
  /** The save's number: every save of any file gets the next one. */
  readonly seq: number;
  /** Relative to the content folder, with `/` ("articles/fa/returns.md"). */
  readonly path: string;
  /** The file's text; null when the save removed the file. */
  readonly text: string | null;
  /** sha256 of the text's UTF-8 bytes, hex; '' for a removed file. */
  readonly version: string;
  /** When it was saved (ms since epoch). */
  readonly at: number;
  /** Who saved it (an agent id), when known. */
  readonly by?: string;
  /** The versions the file had before, oldest first (at most HISTORY): what the save came from. */
  readonly history: readonly string[];
}

/** What a process did with a save it was told about (for logs and tests). */
export interface SyncOutcome {
  readonly path: string;
  readonly seq: number;
  /** written: the copy differed; removed: the save removed the file; same: the copy had it already. */
  readonly action: 'written' | 'removed' | 'same';
  /** The copy that was replaced was not a version the save came from (changed outside the editor). */
  readonly diverged?: boolean;
}

export interface ContentSyncOptions {
  readonly redis: RedisConnection;
  /** Events over Redis (the announcements) and `onResume` (catch up after a break). */
  readonly events: Pick<ConversationEvents, 'subscribe' | 'onResume'>;
  readonly prefix: string;
  /** This process's content files: what brings a save into its folder. */
  readonly files: Pick<ContentFiles, 'install'>;
  readonly clock: Clock;
  readonly log?: Logger;
  /** Told after each save brought in (or found already there). */
  readonly onSynced?: (outcome: SyncOutcome) => void;
}

/** Versions kept per file in `history`. */
const HISTORY = 20;

export function contentSyncKeys(prefix: string) {
  const p = `${prefix}{content}:`;
  return {
    /** Hash: path -> JSON SharedFile, the latest save of each file. */
    files: `${p}files`,
    /** String: the last save's number. */
    seq: `${p}seq`,
    /** Sorted set: path scored by the number of its latest save (what a catch-up reads). */
    order: `${p}order`,
  };
}

// Numbers the save, keeps it as the file's latest and announces it, all at once (the JSON from ARGV[2]
// gets its number in front). KEYS: files, seq, order. ARGV: path, JSON without seq, events channel.
const RECORD = new RedisScript(`
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], '{"seq":' .. seq .. ',' .. string.sub(ARGV[2], 2))
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('PUBLISH', ARGV[3], '{"type":"content-changed","path":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. '}')
return seq`);

export class ContentSync {
  private readonly keys: ReturnType<typeof contentSyncKeys>;
  /** path -> the number of the latest save brought into this folder (or saved here). */
  private readonly applied = new Map<string, number>();
  /** path -> the tail of its queue: one write of a file at a time. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The highest number a catch-up read. */
  private caughtUp = 0;
  private stop: (() => void) | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(private readonly o: ContentSyncOptions) {
    this.keys = contentSyncKeys(o.prefix);
  }

  /** Follows the announcements, then brings in every save made before (resolves when the folder has them). */
  async start(): Promise<void> {
    this.unsubscribe = await this.o.events.subscribe(CONTENT_CHANNEL, (event) => {
      if (event.type !== 'content-changed') return;
      void this.bringIn(event.path, event.seq).catch((error: unknown) => this.failed(event.path, error));
    });
    this.stop = this.o.events.onResume?.(() => {
      void this.catchUp().catch((error: unknown) => this.failed('(catch-up)', error));
    });
    await this.catchUp();
  }

  async close(): Promise<void> {
    this.stop?.();
    await this.unsubscribe?.().catch(() => undefined);
    await Promise.all([...this.queues.values()]);
  }

  /** Brings in every save numbered after the last one read; returns how many files it looked at. */
  async catchUp(): Promise<number> {
    const found = (await this.o.redis.zrangebyscore(
      this.keys.order,
      `(${this.caughtUp}`,
      '+inf',
      'WITHSCORES',
    )) as string[];
    const saves: { path: string; seq: number }[] = [];
    for (let i = 0; i + 1 < found.length; i += 2) {
      saves.push({ path: found[i] as string, seq: Number(found[i + 1]) });
    }
    await Promise.all(saves.map((save) => this.bringIn(save.path, save.seq)));
    for (const save of saves) this.caughtUp = Math.max(this.caughtUp, save.seq);
    return saves.length;
  }

  /**
   * Brings the latest save of `path` into this folder now, if there is a newer one than this process has
   * (the content files call it under the file's lock, before comparing versions).
   */
  async refresh(relative: string): Promise<void> {
    await this.bringIn(relative, Number.POSITIVE_INFINITY);
  }

  /**
   * Records a save made here (the file is already written in this folder) and announces it to every
   * process: `text` null for a removed file, `from` the version the save replaced (when known). Returns
   * the save as shared.
   */
  async publish(save: {
    path: string;
    text: string | null;
    from?: string;
    by?: string;
  }): Promise<SharedFile> {
    checkContentPath(save.path);
    return this.serial(save.path, async () => {
      const previous = parse(await this.o.redis.hget(this.keys.files, save.path));
      const before = [previous?.version, save.from].filter((v): v is string => v !== undefined && v !== '');
      const history = [...(previous?.history ?? []), ...new Set(before)].slice(-HISTORY);
      const entry = {
        path: save.path,
        text: save.text,
        version: save.text === null ? '' : contentVersion(save.text),
        at: this.o.clock.now(),
        ...(save.by === undefined ? {} : { by: save.by }),
        history,
      };
      const channel = conversationKeys(this.o.prefix).events(CONTENT_CHANNEL);
      const seq = Number(
        await RECORD.run(
          this.o.redis,
          [this.keys.files, this.keys.seq, this.keys.order],
          [save.path, JSON.stringify(entry), channel],
        ),
      );
      this.applied.set(save.path, Math.max(this.applied.get(save.path) ?? 0, seq));
      return { seq, ...entry };
    });
  }

  /** The latest save of a file, if editors ever saved it. */
  async latest(relative: string): Promise<SharedFile | undefined> {
    return parse(await this.o.redis.hget(this.keys.files, relative));
  }

  /** Brings in the latest save of `path` when this folder has not had save `seq` (or a later one) yet. */
  private bringIn(relative: string, seq: number): Promise<void> {
    return this.serial(relative, async () => {
      if (seq <= (this.applied.get(relative) ?? 0)) return;
      const entry = parse(await this.o.redis.hget(this.keys.files, relative));
      if (entry === undefined || entry.seq <= (this.applied.get(relative) ?? 0)) return;
      if (entry.path !== relative || !isContentPath(relative)) {
        this.o.log?.error({ path: relative }, 'a shared content save names no content path; ignored');
        return;
      }
      const outcome = await this.install(entry);
      this.applied.set(relative, entry.seq);
      this.o.onSynced?.(outcome);
    });
  }

  /** Makes this folder's copy the entry's text (or removes it), unless it is that version already. */
  private async install(entry: SharedFile): Promise<SyncOutcome> {
    const done = await this.o.files.install(entry.path, entry.text);
    const outcome = { path: entry.path, seq: entry.seq, action: done.action };
    const details = { ...outcome, version: entry.version, replaced: done.before, by: entry.by };
    if (done.action !== 'written') {
      if (done.action === 'removed') this.o.log?.info(details, 'content file removed by an editor elsewhere');
      return outcome;
    }
    // The copy replaced was not a version the save came from: it was changed outside the editor.
    const diverged = done.before !== undefined && !entry.history.includes(done.before);
    if (diverged) {
      this.o.log?.warn(
        details,
        "this copy was changed outside the editor; replaced by the editors' latest save",
      );
    } else {
      this.o.log?.info(details, 'content file brought in from an editor save');
    }
    return { ...outcome, ...(diverged ? { diverged } : {}) };
  }

  /** Runs `work` after every earlier job of the same file. */
  private serial<T>(relative: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(relative) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(relative, tail);
    void tail.then(() => {
      if (this.queues.get(relative) === tail) this.queues.delete(relative);
    });
    return run;
  }

  private failed(relative: string, error: unknown): void {
    this.o.log?.error(
      { err: error, path: relative },
      'an editor save could not be brought into this content folder',
    );
  }
}

function isContentPath(relative: string): boolean {
  try {
    checkContentPath(relative);
    return true;
  } catch {
    return false;
  }
}

function parse(json: string | null): SharedFile | undefined {
  if (json === null) return undefined;
  const data = JSON.parse(json) as SharedFile;
  return { ...data, history: Array.isArray(data.history) ? data.history : [] };
}
