import { watch, type FSWatcher } from 'chokidar';

export interface FolderWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onChange` once things settle after any file in `dir` is added, changed or removed
 * (events within `debounceMs` are folded into one call). `dir` may also be one file, even a missing one
 * (its creation counts as a change).
 */
export async function watchFolder(
  dir: string,
  onChange: () => void,
  options: { debounceMs?: number; onError?: (error: unknown) => void } = {},
): Promise<FolderWatcher> {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs ?? 150);
  };
  const watcher: FSWatcher = watch(dir, { ignoreInitial: true });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const)
    watcher.on(event, schedule);
  watcher.on('error', (error) => options.onError?.(error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
