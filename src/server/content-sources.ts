import path from 'node:path';
import type { Logger } from 'pino';
import type { Language } from '../core/language.ts';
import { WatchedSource, type ReloadFailure } from '../core/watched-source.ts';
import { MessageCatalog } from '../dialogs/message-catalog.ts';
import type { BusinessHours } from '../handoff/business-hours.ts';
import { loadCannedReplies } from '../handoff/canned-replies.ts';
import type { CannedReply } from '../handoff/console-protocol.ts';
import { loadTeamHours } from '../handoff/teams.ts';
import type { StyleByLanguage } from '../knowledge/style-check.ts';
import { loadStyleRules } from '../knowledge/style-file.ts';
import { loadAngerDetector, type AngerDetector } from '../sentiment/detector.ts';

/**
 * The content besides articles, each kind read whole and swapped in whole on an edit (articles have their
 * own `KnowledgeBase`, which also reads synonyms, dialects and off-topic lists): messages, anger lexicons,
 * canned replies, teams with their hours, and the editors' style rules. Readers call `.current` at every use.
 */
export interface ContentSources {
  readonly catalog: WatchedSource<MessageCatalog>;
  readonly anger: WatchedSource<AngerDetector>;
  readonly canned: WatchedSource<Readonly<Record<Language, readonly CannedReply[]>>>;
  readonly teams: WatchedSource<ReadonlyMap<string, BusinessHours>>;
  /** content/style/<language>.yaml: what editors are told to avoid and the tone (style-file.ts). */
  readonly styles: WatchedSource<StyleByLanguage>;
  /** Reads every kind; throws on the first that cannot be used (start-up stops with its reason). */
  load(): Promise<void>;
  /** Reloads each kind after its files change. */
  watch(): Promise<void>;
  close(): Promise<void>;
}

/** The sources under a content folder (`messages/`, `lexicons/`, `canned/`, `teams.yaml`, `style/`). */
export function createContentSources(
  contentDir: string,
  log: Logger,
  options: { debounceMs?: number } = {},
): ContentSources {
  const onError = (failure: ReloadFailure) =>
    log.error(
      { source: failure.source, files: failure.files, code: failure.code, reason: failure.reason },
      `${failure.source}: the edit cannot be used; the previous version stays in use`,
    );
  const common = { onError, ...options };
  const lexiconDir = path.join(contentDir, 'lexicons');
  const cannedDir = path.join(contentDir, 'canned');
  const teamsFile = path.join(contentDir, 'teams.yaml');
  const messagesDir = path.join(contentDir, 'messages');
  const catalog = new WatchedSource({
    name: 'message catalog',
    path: messagesDir,
    read: () => MessageCatalog.load(messagesDir),
    ...common,
  });
  const anger = new WatchedSource({
    name: 'anger lexicons',
    path: lexiconDir,
    read: () => loadAngerDetector({ lexiconDir }),
    ...common,
  });
  const canned = new WatchedSource<Readonly<Record<Language, readonly CannedReply[]>>>({
    name: 'canned replies',
    path: cannedDir,
    read: () => loadCannedReplies(cannedDir),
    ...common,
  });
  const teams = new WatchedSource({
    name: 'teams',
    path: teamsFile,
    read: () => loadTeamHours(teamsFile),
    ...common,
  });
  const styleDir = path.join(contentDir, 'style');
  const styles = new WatchedSource({
    name: 'style rules',
    path: styleDir,
    read: () => loadStyleRules(styleDir),
    ...common,
  });
  const all = [catalog, anger, canned, teams, styles];
  return {
    catalog,
    anger,
    canned,
    teams,
    styles,
    async load() {
      await Promise.all(all.map((source) => source.load()));
    },
    async watch() {
      await Promise.all(all.map((source) => source.watch()));
    },
    async close() {
      await Promise.all(all.map((source) => source.close()));
    },
  };
}
