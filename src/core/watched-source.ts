import { isHamdelError, type ErrorCode } from './errors.ts';
import { watchFolder, type FolderWatcher } from './folder-watcher.ts';

/** A reload that failed: the previous version stays in use. */
export interface ReloadFailure {
  /** What was being reloaded (e.g. "anger lexicons"). */
  readonly source: string;
  /** The files the error names (the watched path when it names none). */
  readonly files: readonly string[];
  readonly code?: ErrorCode;
  readonly reason: string;
  readonly error: unknown;
}

export interface WatchedSourceOptions<T> {
  /** What this is, for logs (e.g. "message catalog"). */
  readonly name: string;
  /** The folder or file whose changes trigger a reload (a file may be missing and appear later). */
  readonly path: string;
  /** Reads and checks the whole content; throws when it cannot be used. */
  readonly read: () => Promise<T>;
  /** Told after every successful (re)load. */
  readonly onLoad?: (value: T) => void;
  /** Told when a reload after an edit fails; the previous version stays in use. */
  readonly onError?: (failure: ReloadFailure) => void;
  /** Wait this long after the last file event before reloading (default 150 ms). */
  readonly debounceMs?: number;
}

/**
 * One kind of content (a folder or a file), read whole and swapped in whole: readers take `current` at
 * each use and see either the old version or the new one, never half of each. `watch()` reloads after
 * every edit; a broken edit is reported with its file and reason and the last good version stays, so a
 * typo never takes the bot down. Reloads run one at a time; edits during a reload cause one more.
 */
export class WatchedSource<T> {
  private value: T | undefined;
  private loaded = false;
  private watcher: FolderWatcher | undefined;
  private reloading: Promise<T> | undefined;
  private again = false;

  constructor(private readonly o: WatchedSourceOptions<T>) {}

  get name(): string {
    return this.o.name;
  }

  /** The version in use; `load()` must have succeeded once. */
  get current(): T {
    if (!this.loaded) throw new Error(`${this.o.name}: load() has not finished yet`);
    return this.value as T;
  }

  /** Reads the content and swaps it in; throws (keeping the previous version) when it cannot be used. */
  async load(): Promise<T> {
    if (this.reloading) {
      this.again = true; // an edit during a read: the running reload reads once more
      return this.reloading;
    }
    this.reloading = this.readUntilCurrent();
    try {
      return await this.reloading;
    } finally {
      this.reloading = undefined;
    }
  }

  /** Reloads after every change under the path until `close()`. */
  async watch(): Promise<void> {
    this.watcher ??= await watchFolder(this.o.path, () => void this.load().catch((e) => this.fail(e)), {
      debounceMs: this.o.debounceMs ?? 150,
      onError: (error) => this.fail(error),
    });
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private async readUntilCurrent(): Promise<T> {
    for (;;) {
      this.again = false;
      try {
        const value = await this.readOnce();
        if (!this.again) return value;
      } catch (error) {
        if (!this.again) throw error;
      }
    }
  }

  private async readOnce(): Promise<T> {
    const value = await this.o.read();
    this.value = value;
    this.loaded = true;
    this.o.onLoad?.(value);
    return value;
  }

  private fail(error: unknown): void {
    this.o.onError?.({
      source: this.o.name,
      files: filesOf(error, this.o.path),
      ...(isHamdelError(error) ? { code: error.code } : {}),
      reason: error instanceof Error ? error.message : String(error),
      error,
    });
  }
}

/** The files a content error names: `context.file`, or the `file` of each of `context.problems`. */
function filesOf(error: unknown, fallback: string): string[] {
  if (!isHamdelError(error)) return [fallback];
  const files = new Set<string>();
  if (typeof error.context.file === 'string') files.add(error.context.file);
  const problems = error.context.problems;
  if (Array.isArray(problems)) {
    for (const problem of problems as unknown[]) {
      const file = (problem as { file?: unknown } | null)?.file;
      if (typeof file === 'string') files.add(file);
    }
  }
  return files.size > 0 ? [...files] : [fallback];
}
