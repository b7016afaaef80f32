import { createHash } from 'node:crypto';
import { HamdelError } from '../core/errors.ts';
import { KeyedWork } from '../core/keyed-work.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { type ArticleDraft, buildDraftSnapshot, readDraft } from '../knowledge/draft-base.ts';

export interface DraftBasesOptions {
  /** The published knowledge base as it is now. */
  readonly published: () => KnowledgeSnapshot;
  /** Built drafts kept (default 8): an editor going back and forth between versions gets them at once. */
  readonly keep?: number;
  /** Builds queued or running at most (default 4); more are refused with DRAFT_BUSY. */
  readonly pending?: number;
  /** Builds the draft's knowledge base (default `buildDraftSnapshot`, in slices of the event loop). */
  readonly build?: (published: KnowledgeSnapshot, draft: ArticleDraft) => Promise<KnowledgeSnapshot>;
}

interface Entry {
  readonly published: KnowledgeSnapshot;
  readonly snapshot: Promise<KnowledgeSnapshot>;
}

/**
 * Knowledge bases with an editor's draft in them, for "what would the bot answer?": one per draft text
 * (by its SHA-256 with its language and file id) and published snapshot, the last few kept; built one
 * at a time in this process (KeyedWork, one lane), each in slices so that turns keep being answered.
 * A draft that cannot be read is refused at once (DRAFT_INVALID) without a build.
 */
export class DraftBases {
  private readonly entries = new Map<string, Entry>();
  private readonly work = new KeyedWork({ perLane: 1 });
  private readonly keep: number;
  private readonly pending: number;
  private builds = 0;
  private readonly build: (published: KnowledgeSnapshot, draft: ArticleDraft) => Promise<KnowledgeSnapshot>;

  constructor(private readonly o: DraftBasesOptions) {
    this.keep = Math.max(1, o.keep ?? 8);
    this.pending = Math.max(1, o.pending ?? 4);
    this.build = o.build ?? buildDraftSnapshot;
  }

  /** The knowledge base with `draft` saved; DRAFT_INVALID when it cannot be read, DRAFT_BUSY when too many wait. */
  snapshot(draft: ArticleDraft): Promise<KnowledgeSnapshot> {
    const published = this.o.published();
    const key = createHash('sha256').update(`${draft.language}\0${draft.id}\0${draft.text}`).digest('hex');
    const cached = this.entries.get(key);
    if (cached && cached.published === published) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.snapshot;
    }
    readDraft(published.articles, draft);
    if (this.work.size >= this.pending) {
      throw new HamdelError('DRAFT_BUSY', 'Other drafts are being tried right now; try again in a moment.');
    }
    const snapshot = new Promise<KnowledgeSnapshot>((resolve, reject) => {
      // Each build is a job of its own (a draft built again for a newer published base included).
      this.builds += 1;
      this.work.add(`${key}:${this.builds}`, 'draft', async () => {
        try {
          resolve(await this.build(published, draft));
        } catch (error) {
          reject(error);
        }
      });
    });
    this.entries.delete(key);
    this.entries.set(key, { published, snapshot });
    snapshot.catch(() => {
      if (this.entries.get(key)?.snapshot === snapshot) this.entries.delete(key);
    });
    while (this.entries.size > this.keep) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return snapshot;
  }

  /** Resolves once no build is queued or running (tests, shutdown). */
  settled(): Promise<void> {
    return this.work.settled();
  }
}
