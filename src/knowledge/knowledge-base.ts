import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isHamdelError } from '../core/errors.ts';
import { watchFolder, type FolderWatcher } from '../core/folder-watcher.ts';
import { isLanguage, LANGUAGES, type Language } from '../core/language.ts';
import { readYamlFile } from '../core/yaml-file.ts';
import type { IndexOptions } from './search-index.ts';
import { parseOffTopic } from './off-topic.ts';
import { parseSynonyms } from './synonyms.ts';
import type { Article, KnowledgeIndex } from './article.ts';
import { parseArticleFile } from './article-file.ts';

/** An article file that could not be used, and why. */
export interface ArticleProblem {
  readonly file: string;
  readonly reason: string;
  /** The file was fine at an earlier load: that version stays in use until the file is fixed. */
  readonly kept?: boolean;
}

export interface KnowledgeSnapshot {
  readonly index: KnowledgeIndex;
  readonly articles: readonly Article[];
  /** The article with this id in this language, if there is one. */
  article(language: Language, id: string): Article | undefined;
  readonly problems: readonly ArticleProblem[];
  readonly loadedAt: number;
  /**
   * The lists the index was built with (dialects, synonyms, off-topic questions): an index built again
   * over other articles with these reads questions the same way (a draft, the health report).
   */
  readonly indexOptions: IndexOptions;
}

export interface KnowledgeBaseOptions {
  /** The folder holding `<language>/<id>.md` article files. */
  readonly articlesDir: string;
  /** The folder holding `<language>.yaml` synonym tables editors extend (optional). */
  readonly synonymsDir?: string;
  /**
   * The folder holding `<language>.yaml` dialect and colloquial lists (content/dialects, the synonym
   * format), applied before the synonyms (optional).
   */
  readonly dialectsDir?: string;
  /** The folder holding `<language>.yaml` lists of questions no article should answer (optional). */
  readonly offTopicDir?: string;
  /**
   * Builds the search index from the loaded articles (and the synonym tables, when there are any);
   * `buildIndexInSlices` keeps the event loop turning while it works.
   */
  readonly buildIndex: (
    articles: readonly Article[],
    options: IndexOptions,
  ) => KnowledgeIndex | Promise<KnowledgeIndex>;
  /** Told after every (re)load, with the problems found. */
  readonly onLoad?: (snapshot: KnowledgeSnapshot) => void;
  readonly onError?: (error: unknown) => void;
  /** Wait this long after the last file event before reloading (default 150 ms). */
  readonly debounceMs?: number;
}

/**
 * The articles in content/, always available as one consistent snapshot. `watch()` reloads on every change:
 * the new index is built aside and swapped in whole, so a search never sees half an update. A broken file
 * is reported without taking the others down: the version read at an earlier load stays in use (an
 * article, a synonym, dialect or off-topic list), or, never read fine, it is left out.
 */
export class KnowledgeBase {
  private snapshot: KnowledgeSnapshot | undefined;
  private watchers: FolderWatcher[] = [];
  private reloading: Promise<KnowledgeSnapshot> | undefined;
  private pendingReload = false;
  /**
   * The last version of each file that was fine, with what was read from it: articles by path, language
   * lists by source. An unchanged file gives the same object again, so the index keeps the parts built on
   * it (`IndexOptions.previous`).
   */
  private lastGood = {
    articles: new Map<string, { text: string; article: Article }>(),
    tables: new Map<string, ReadTable>(),
  };

  constructor(private readonly options: KnowledgeBaseOptions) {}

  /** The current snapshot; load() must have finished once. */
  get current(): KnowledgeSnapshot {
    if (!this.snapshot) throw new Error('KnowledgeBase.load() has not finished yet');
    return this.snapshot;
  }

  /** Reads every article file and swaps in a new index. Concurrent calls are folded into one more run. */
  async load(): Promise<KnowledgeSnapshot> {
    if (this.reloading) {
      this.pendingReload = true;
      return this.reloading;
    }
    this.reloading = this.loadOnce();
    try {
      let result = await this.reloading;
      while (this.pendingReload) {
        this.pendingReload = false;
        this.reloading = this.loadOnce();
        result = await this.reloading;
      }
      return result;
    } finally {
      this.reloading = undefined;
    }
  }

  /** Starts watching the articles folder; edits, new files and deletions are picked up without a restart. */
  async watch(): Promise<void> {
    if (this.watchers.length > 0) return;
    const reload = () => void this.load().catch((error: unknown) => this.options.onError?.(error));
    const options = {
      debounceMs: this.options.debounceMs ?? 150,
      ...(this.options.onError ? { onError: this.options.onError } : {}),
    };
    const dirs = [
      this.options.articlesDir,
      ...(this.options.synonymsDir ? [this.options.synonymsDir] : []),
      ...(this.options.dialectsDir ? [this.options.dialectsDir] : []),
      ...(this.options.offTopicDir ? [this.options.offTopicDir] : []),
    ];
    this.watchers = await Promise.all(dirs.map((dir) => watchFolder(dir, reload, options)));
  }

  async close(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.close()));
    this.watchers = [];
  }

  private async loadOnce(): Promise<KnowledgeSnapshot> {
    const root = this.options.articlesDir;
    const files = await listMarkdown(root);
    const articles: Article[] = [];
    const problems: ArticleProblem[] = [];
    const seen = new Map<string, string>();
    const good = new Map<string, { text: string; article: Article }>();
    for (const file of files) {
      const relative = path.relative(root, file);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue; // deleted between listing and reading: the next event reloads again
      }
      const previous = this.lastGood.articles.get(relative);
      let article: Article;
      let read = text;
      try {
        article = previous?.text === text ? previous.article : parseArticleFile(relative, text);
      } catch (error) {
        if (!isHamdelError(error, 'ARTICLE_INVALID')) throw error;
        const reason = String(error.context.reason ?? error.message);
        problems.push({ file: relative, reason, ...(previous ? { kept: true } : {}) });
        if (previous === undefined) continue;
        article = previous.article;
        read = previous.text;
      }
      const folder = relative.split(path.sep)[0];
      if (isLanguage(folder) && folder !== article.language) {
        problems.push({ file: relative, reason: `language "${article.language}" in a "${folder}" folder` });
        continue;
      }
      const key = `${article.language}/${article.id}`;
      const other = seen.get(key);
      if (other) {
        problems.push({ file: relative, reason: `id "${article.id}" is already used by ${other}` });
        continue;
      }
      seen.set(key, relative);
      articles.push(article);
      good.set(relative, { text: read, article });
    }
    this.lastGood.articles = good;
    const tables = await readLanguageTables(this.options, problems, this.lastGood.tables);
    const index = await this.options.buildIndex(articles, {
      ...tables,
      ...(this.snapshot ? { previous: this.snapshot.index } : {}),
    });
    const snapshot = createSnapshot(index, articles, problems, tables);
    this.snapshot = snapshot;
    this.options.onLoad?.(snapshot);
    return snapshot;
  }
}

/**
 * Reads the dialect lists, the synonym tables (each read through its language's dialect list, see
 * `parseSynonyms`) and the off-topic questions; a broken file is reported, and the others still apply.
 * With `lastGood` (source -> what was last read fine, updated here), a broken file's last good version
 * is used instead of nothing, and an unchanged file gives the same table object again.
 */
export async function readLanguageTables(
  dirs: {
    readonly synonymsDir?: string | undefined;
    readonly dialectsDir?: string | undefined;
    readonly offTopicDir?: string | undefined;
  },
  problems: ArticleProblem[],
  lastGood?: Map<string, ReadTable>,
): Promise<Pick<IndexOptions, 'synonyms' | 'dialects' | 'offTopic'>> {
  const dialects = await readTables(dirs.dialectsDir, 'dialects', problems, lastGood, (data, source) =>
    parseSynonyms(data, source),
  );
  const synonyms = await readTables(
    dirs.synonymsDir,
    'synonyms',
    problems,
    lastGood,
    (data, source, language) => parseSynonyms(data, source, dialects[language]),
    (language) => dialects[language],
  );
  const offTopic = await readTables(
    dirs.offTopicDir,
    'off-topic',
    problems,
    lastGood,
    (data, source) => parseOffTopic(data, source).questions,
  );
  return { synonyms, dialects, offTopic };
}

/** A language list as last read fine: its data (as JSON too), what was made of it, and on what basis. */
export interface ReadTable {
  readonly json: string;
  readonly data: unknown;
  readonly parsed: unknown;
  readonly basis: unknown;
}

/**
 * One language list per language in `dir`; a broken one reported, and replaced by its last good data.
 * `basis`: what a list is read through (the dialect list, for the synonyms): a list is parsed again when
 * its data or its basis changed, else the same object is kept.
 */
async function readTables<T>(
  dir: string | undefined,
  folder: string,
  problems: ArticleProblem[],
  lastGood: Map<string, ReadTable> | undefined,
  parse: (data: unknown, source: string, language: Language) => T,
  basis: (language: Language) => unknown = () => undefined,
): Promise<Partial<Record<Language, T>>> {
  const tables: Partial<Record<Language, T>> = {};
  if (!dir) return tables;
  for (const language of LANGUAGES) {
    const file = path.join(dir, `${language}.yaml`);
    const source = `${folder}/${language}.yaml`;
    const previous = lastGood?.get(source);
    const reuse = (json: string) =>
      previous !== undefined && previous.json === json && previous.basis === basis(language);
    try {
      const data = await readYamlFile(file, 'ARTICLE_INVALID', { optional: true });
      if (data === undefined) {
        lastGood?.delete(source);
        continue;
      }
      const json = JSON.stringify(data);
      const parsed = reuse(json) ? (previous?.parsed as T) : parse(data, source, language);
      tables[language] = parsed;
      lastGood?.set(source, { json, data, parsed, basis: basis(language) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      let kept = false;
      if (previous !== undefined) {
        try {
          tables[language] = reuse(previous.json)
            ? (previous.parsed as T)
            : parse(previous.data, source, language);
          kept = true;
        } catch {
          // the last good data no longer fits (a dialect list it relied on changed): left out
        }
      }
      problems.push({ file: source, reason, ...(kept ? { kept } : {}) });
    }
  }
  return tables;
}

/** A snapshot over already-loaded articles (also used by tests and by integrators with their own loading). */
export function createSnapshot(
  index: KnowledgeIndex,
  articles: readonly Article[],
  problems: readonly ArticleProblem[] = [],
  indexOptions: IndexOptions = {},
): KnowledgeSnapshot {
  const byKey = new Map(articles.map((a) => [`${a.language}/${a.id}`, a]));
  return {
    index,
    articles,
    problems,
    indexOptions,
    loadedAt: Date.now(),
    article: (language, id) => byKey.get(`${language}/${id}`),
  };
}

async function listMarkdown(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
