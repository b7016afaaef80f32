import { HamdelError } from '../core/errors.ts';
import { isLanguage, LANGUAGES, type Language } from '../core/language.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import { announceSettingsChanged, followSettings } from './settings-follower.ts';
import { parseCannedReplies } from './canned-replies.ts';
import type { CannedReply } from './console-protocol.ts';
import { adminSettingsKeys } from './team-settings.ts';

export type CannedByLanguage = Readonly<Record<Language, readonly CannedReply[]>>;

export interface CannedSettingsOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly events: Pick<ConversationEvents, 'publish' | 'subscribe' | 'onResume'>;
  /** The replies of content/canned/<lang>.yaml, as currently loaded (the seed and default). */
  readonly fileReplies: () => CannedByLanguage;
  readonly onError?: (error: unknown) => void;
}

/**
 * Canned replies per language, editable at run time like teams (team-settings.ts): a language's list saved
 * by an admin is kept in Redis (hash `<prefix>{admin}:canned`, language -> JSON list) and replaces that
 * language's file; removing it brings the file's back. Every process reads them again on
 * `settings-changed`; a console gets the lists in force when it opens.
 */
export class CannedSettings {
  private overrides = new Map<Language, readonly CannedReply[]>();
  private merged: { file: CannedByLanguage; value: CannedByLanguage } | undefined;
  private readonly key: string;
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly o: CannedSettingsOptions) {
    this.key = adminSettingsKeys(o.prefix).canned();
  }

  async start(): Promise<void> {
    this.stop = await followSettings(this.o.events, () => this.load(), this.o.onError);
  }

  async close(): Promise<void> {
    await this.stop?.();
  }

  async load(): Promise<void> {
    const stored = await this.o.redis.hgetall(this.key);
    const overrides = new Map<Language, readonly CannedReply[]>();
    for (const [language, json] of Object.entries(stored)) {
      if (!isLanguage(language)) continue;
      try {
        overrides.set(language, parseCannedReplies(JSON.parse(json), `admin canned replies (${language})`));
      } catch (error) {
        this.o.onError?.(error);
      }
    }
    this.overrides = overrides;
    this.merged = undefined;
  }

  /** The replies in force per language (the same object until something changes, so consoles can compare). */
  current(): CannedByLanguage {
    const file = this.o.fileReplies();
    if (this.merged?.file === file) return this.merged.value;
    const value = {} as Record<Language, readonly CannedReply[]>;
    for (const language of LANGUAGES) value[language] = this.overrides.get(language) ?? file[language];
    this.merged = { file, value };
    return value;
  }

  /** Where each language's list comes from. */
  sources(): Readonly<Record<Language, 'file' | 'admin'>> {
    const sources = {} as Record<Language, 'file' | 'admin'>;
    for (const language of LANGUAGES) sources[language] = this.overrides.has(language) ? 'admin' : 'file';
    return sources;
  }

  /** Replaces a language's list (CATALOG_INVALID naming each bad entry); every process sees it. */
  async set(language: string, replies: unknown): Promise<readonly CannedReply[]> {
    const lang = checkLanguage(language);
    const parsed = parseCannedReplies(replies ?? [], `canned replies (${lang})`);
    await this.o.redis.hset(this.key, lang, JSON.stringify(parsed));
    await this.changed();
    return parsed;
  }

  /** Forgets an admin's list: the file's applies again. Whether there was one. */
  async remove(language: string): Promise<boolean> {
    const removed = (await this.o.redis.hdel(this.key, checkLanguage(language))) > 0;
    if (removed) await this.changed();
    return removed;
  }

  private async changed(): Promise<void> {
    await this.load();
    await announceSettingsChanged(this.o.events);
  }
}

function checkLanguage(language: string): Language {
  if (!isLanguage(language)) {
    throw new HamdelError(
      'CATALOG_INVALID',
      `Canned replies are per language: fa, ar or en (got "${language}").`,
    );
  }
  return language;
}
