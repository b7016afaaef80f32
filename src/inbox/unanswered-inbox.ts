import type { Clock } from '../core/clock.ts';
import { LANGUAGES, type Language } from '../core/language.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { foldForSearch } from '../language/normalize.ts';
import { EditorVisits } from './editor-visits.ts';
import { fromHash, withStatus, type GroupStatus, type InboxGroup } from './inbox-group.ts';
import { InboxGrouper, languageOfGroup } from './inbox-grouper.ts';
import { InboxKeys } from './inbox-keys.ts';
import { QuestionVocabulary } from './question-similarity.ts';
import type { UnansweredKind } from './turn-facts.ts';

/** A group as editors see it: the questions' words and figures, never a conversation or a customer. */
export interface InboxGroupView {
  readonly id: string;
  readonly language: Language;
  readonly status: GroupStatus;
  readonly statusAt: number;
  /** Who set the status (empty: the group opened again by itself, or was never set). */
  readonly statusBy: string;
  /** Opened again because the question kept failing after it was done. */
  readonly reopened: boolean;
  /** The article the question was added to, when done with one. */
  readonly addedTo?: string;
  /** The most asked wording. */
  readonly question: string;
  /** The most asked wordings with how often each was asked. */
  readonly examples: readonly { readonly text: string; readonly count: number }[];
  readonly count: number;
  /** Distinct customers who asked. */
  readonly customers: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly kinds: Readonly<Partial<Record<UnansweredKind, number>>>;
  /** The articles the bot gave for it (answers that did not help), most often first; title if it exists. */
  readonly articles: readonly { readonly id: string; readonly title?: string; readonly count: number }[];
  /** First asked after the reader's last visit. */
  readonly isNew: boolean;
  /** Times asked after the reader's last visit (the latest 100 are counted). */
  readonly newCount: number;
}

/** An article offered for "add to article". */
export interface ArticleSuggestion {
  readonly id: string;
  readonly title: string;
  /** The bot's confidence that it answers the group's question (from a search). */
  readonly score?: number;
  /** How often the bot gave it for this group's questions. */
  readonly chosen?: number;
}

export interface UnansweredInboxOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  readonly clock: Clock;
  /** How long a group not seen is kept, in days (REPORT_EVENTS_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** The knowledge base as it is now (the vocabulary of similarity, the articles offered). */
  readonly knowledge: () => KnowledgeSnapshot;
}

/** The status filter of a listing. */
export type StatusFilter = GroupStatus | 'all';

/**
 * The unanswered inbox as editors use it: the groups of failed questions of some languages, brought up to
 * date first (inbox-grouper.ts), with their figures and marks for what is new since the reader's last
 * visit; a group's status set by an editor; the articles to add a question to.
 */
export class UnansweredInbox {
  readonly visits: EditorVisits;
  private readonly grouper: InboxGrouper;
  private readonly keys: InboxKeys;
  private readonly vocabularies = new WeakMap<KnowledgeSnapshot, Map<Language, QuestionVocabulary>>();

  constructor(private readonly o: UnansweredInboxOptions) {
    this.keys = new InboxKeys(o.prefix);
    this.visits = new EditorVisits(o.redis, o.prefix);
    this.grouper = new InboxGrouper({
      redis: o.redis,
      prefix: o.prefix,
      clock: o.clock,
      retentionDays: o.retentionDays,
      vocabulary: (language) => this.vocabulary(language),
    });
  }

  /**
   * The groups of `languages` (default all) with `status` (default new), most asked first, at most `limit`;
   * `since` is the reader's last visit (undefined: every group is new to them).
   */
  async list(
    options: { languages?: readonly Language[]; status?: StatusFilter; since?: number; limit?: number } = {},
  ): Promise<{ groups: InboxGroupView[]; total: number }> {
    const languages = options.languages ?? LANGUAGES;
    for (const language of languages) await this.grouper.catchUp(language);
    const status = options.status ?? 'new';
    const groups: InboxGroup[] = [];
    for (const language of languages) {
      const ids = await this.o.redis.zrevrange(this.keys.groups(language), 0, -1);
      for (const group of await this.read(ids)) {
        if (status === 'all' || group.status === status) groups.push(group);
      }
    }
    groups.sort((a, b) => b.count - a.count || b.last - a.last);
    const shown = groups.slice(0, options.limit ?? 100);
    const customers = await this.customerCounts(shown.map((g) => g.id));
    const views = shown.map((group, i) => this.view(group, customers[i] ?? 0, options.since ?? 0));
    return { groups: views, total: groups.length };
  }

  /** One group as editors see it (since: the reader's last visit). */
  async get(id: string, since = 0): Promise<InboxGroupView | undefined> {
    const language = languageOfGroup(id);
    if (!language) return undefined;
    await this.grouper.catchUp(language);
    const [group] = await this.read([id]);
    if (!group) return undefined;
    const [customers] = await this.customerCounts([id]);
    return this.view(group, customers ?? 0, since);
  }

  /** Sets a group's status; undefined when there is no such group. */
  async setStatus(
    id: string,
    status: GroupStatus,
    by: string,
    addedTo?: string,
  ): Promise<{ before: InboxGroupView; after: InboxGroupView } | undefined> {
    if (!languageOfGroup(id)) return undefined;
    const changed = await this.grouper.change(id, (group) =>
      withStatus(group, status, by, this.o.clock.now(), addedTo),
    );
    if (!changed) return undefined;
    const [customers = 0] = await this.customerCounts([id]);
    return { before: this.view(changed.before, customers, 0), after: this.view(changed.after, customers, 0) };
  }

  /**
   * Articles to add the group's question to: without `query`, the bot's own best articles for the group's
   * wordings and the ones it gave; with one, the articles whose id, title or example questions contain it,
   * then the bot's best for it.
   */
  async articlesFor(id: string, query?: string): Promise<ArticleSuggestion[] | undefined> {
    if (!languageOfGroup(id)) return undefined;
    const [group] = await this.read([id]);
    if (!group) return undefined;
    const snapshot = this.o.knowledge();
    const found = new Map<string, ArticleSuggestion>();
    const add = (suggestion: ArticleSuggestion) => {
      const had = found.get(suggestion.id);
      const score = Math.max(had?.score ?? 0, suggestion.score ?? 0);
      found.set(suggestion.id, {
        ...had,
        ...suggestion,
        ...(score > 0 ? { score } : {}),
        ...((had?.chosen ?? suggestion.chosen) ? { chosen: had?.chosen ?? suggestion.chosen } : {}),
      });
    };
    const search = (text: string) => {
      for (const hit of snapshot.index.search(text, { language: group.language, limit: 5 })) {
        add({ id: hit.article.id, title: hit.article.title, score: round(hit.score) });
      }
    };
    const wanted = query?.trim() ?? '';
    if (wanted === '') {
      for (const [articleId, chosen] of Object.entries(group.articles)) {
        const article = snapshot.article(group.language, articleId);
        if (article) add({ id: article.id, title: article.title, chosen });
      }
      for (const example of group.examples.slice(0, 3)) search(example.text);
      return [...found.values()]
        .sort((a, b) => (b.chosen ?? 0) - (a.chosen ?? 0) || (b.score ?? 0) - (a.score ?? 0))
        .slice(0, 8);
    }
    const folded = foldForSearch(wanted, group.language);
    for (const article of snapshot.articles) {
      if (article.language !== group.language) continue;
      const text = foldForSearch(
        [article.id, article.title, ...article.questions].join('\n'),
        group.language,
      );
      if (text.includes(folded)) add({ id: article.id, title: article.title });
    }
    search(wanted);
    return [...found.values()].slice(0, 10);
  }

  /** The language's similarity vocabulary for the knowledge base as it is now (built once per snapshot). */
  vocabulary(language: Language): QuestionVocabulary {
    const snapshot = this.o.knowledge();
    let byLanguage = this.vocabularies.get(snapshot);
    if (!byLanguage) this.vocabularies.set(snapshot, (byLanguage = new Map()));
    let vocabulary = byLanguage.get(language);
    if (!vocabulary)
      byLanguage.set(language, (vocabulary = new QuestionVocabulary(language, snapshot.articles)));
    return vocabulary;
  }

  private async read(ids: readonly string[]): Promise<InboxGroup[]> {
    ids = ids.filter((id) => languageOfGroup(id) !== undefined);
    if (ids.length === 0) return [];
    const pipeline = this.o.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.group(id));
    const groups: InboxGroup[] = [];
    for (const [error, hash] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const group = fromHash(hash as Record<string, string>);
      if (group) groups.push(group);
    }
    return groups;
  }

  private async customerCounts(ids: readonly string[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const pipeline = this.o.redis.pipeline();
    for (const id of ids) pipeline.scard(this.keys.customers(id));
    return ((await pipeline.exec()) ?? []).map(([error, n]) => {
      if (error) throw error;
      return Number(n);
    });
  }

  private view(group: InboxGroup, customers: number, since: number): InboxGroupView {
    const snapshot = this.o.knowledge();
    const articles = Object.entries(group.articles)
      .sort((a, b) => b[1] - a[1])
      .map(([id, count]) => {
        const title = snapshot.article(group.language, id)?.title;
        return { id, count, ...(title ? { title } : {}) };
      });
    return {
      id: group.id,
      language: group.language,
      status: group.status,
      statusAt: group.statusAt,
      statusBy: group.statusBy,
      reopened: group.reopened,
      ...(group.addedTo ? { addedTo: group.addedTo } : {}),
      question: group.examples[0]?.text ?? '',
      examples: group.examples.map(({ text, count }) => ({ text, count })),
      count: group.count,
      customers,
      firstSeen: group.first,
      lastSeen: group.last,
      kinds: group.kinds,
      articles,
      isNew: group.first > since,
      newCount: group.times.filter((t) => t > since).length,
    };
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
