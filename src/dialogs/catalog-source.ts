import { watchFolder, type FolderWatcher } from '../core/folder-watcher.ts';
import { MessageCatalog } from './message-catalog.ts';

/**
 * The message catalog from content/messages, reloaded when a file changes. A broken edit is reported and
 * the last good catalog stays in use, so the bot never goes silent because of a typo.
 */
export class CatalogSource {
  private catalog: MessageCatalog | undefined;
  private watcher: FolderWatcher | undefined;

  constructor(
    private readonly dir: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get current(): MessageCatalog {
    if (!this.catalog) throw new Error('CatalogSource.load() has not finished yet');
    return this.catalog;
  }

  async load(): Promise<MessageCatalog> {
    this.catalog = await MessageCatalog.load(this.dir);
    return this.catalog;
  }

  async watch(): Promise<void> {
    this.watcher ??= await watchFolder(this.dir, () => void this.load().catch(this.onError), {
      onError: this.onError,
    });
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }
}
