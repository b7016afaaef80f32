import { HamdelError } from '../core/errors.ts';
import { foldForSearch } from '../language/normalize.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import type { HandoffQueue } from './handoff-queue.ts';
import type { CustomerProfileView, PastConversationView, SearchHitView } from './console-protocol.ts';

/** Earlier conversations listed per customer at most (the newest). */
export const MAX_PAST_CONVERSATIONS = 30;
/** Closed tickets (newest) whose conversations the search also reads, besides the customer's own. */
export const SEARCH_RECENT_CLOSED = 100;
/** Newest transcript lines read per conversation by the search. */
export const SEARCH_LINES_PER_CONVERSATION = 300;
/** Hits returned at most. */
export const MAX_SEARCH_HITS = 40;

const PREVIEW_CHARS = 140;

export interface CustomerHistoryOptions {
  readonly store: ConversationStore;
  readonly queue: HandoffQueue;
}

/**
 * The customer behind a chat, as the agent's side panel shows it: their record, their conversations on the
 * same channel account (the customer's conversation index), read-only transcripts of them, and a bounded
 * search over transcripts (the customer's own conversations and those of the newest closed tickets).
 * Callers check first that the agent may act on the chat (chat-access.ts).
 */
export class CustomerHistory {
  constructor(private readonly o: CustomerHistoryOptions) {}

  /** The customer's record and their conversations, newest first (the current one included, marked). */
  async profile(
    conversationId: string,
  ): Promise<{ customer?: CustomerProfileView; conversations: PastConversationView[] }> {
    const { store } = this.o;
    const conversation = await this.conversation(conversationId);
    const customer = await store.getCustomer(conversation.channel, conversation.customerId);
    const ids = new Set(await store.customerConversations(conversation.channel, conversation.customerId));
    ids.add(conversationId);
    const conversations: PastConversationView[] = [];
    for (const id of ids) {
      const view = await this.summary(id, conversationId);
      if (view) conversations.push(view);
    }
    conversations.sort((a, b) => b.lastAt - a.lastAt);
    return {
      ...(customer
        ? {
            customer: {
              channel: customer.channel,
              id: customer.id,
              firstSeen: customer.firstSeen,
              lastSeen: customer.lastSeen,
              ...(customer.displayName ? { displayName: customer.displayName } : {}),
              ...(customer.language ? { language: customer.language } : {}),
            },
          }
        : {}),
      conversations: conversations.slice(0, MAX_PAST_CONVERSATIONS),
    };
  }

  /**
   * The transcript of an earlier conversation, read-only: one of the same customer's, or one the search can
   * find (a conversation of a recent closed ticket). Anything else is CONVERSATION_NOT_FOUND.
   */
  async transcript(conversationId: string, pastId: string): Promise<TranscriptEntry[]> {
    const readable = new Set([...(await this.ownIds(conversationId)), ...(await this.recentClosedIds())]);
    if (!readable.has(pastId)) {
      throw new HamdelError('CONVERSATION_NOT_FOUND', `No earlier conversation "${pastId}" to show here.`, {
        conversationId: pastId,
      });
    }
    return this.o.store.transcript(pastId);
  }

  /**
   * Lines whose text contains `query` (case, Persian/Arabic letter variants and digits folded), newest
   * first: in the customer's own conversations and those of the newest SEARCH_RECENT_CLOSED closed tickets,
   * reading the newest SEARCH_LINES_PER_CONVERSATION lines of each. Not an index: a first version.
   */
  async search(conversationId: string, query: string): Promise<SearchHitView[]> {
    const needle = foldForSearch(query.trim());
    if (needle.length < 2) return [];
    const own = new Set(await this.ownIds(conversationId));
    const ids = new Set([...own, ...(await this.recentClosedIds())]);
    const hits: SearchHitView[] = [];
    for (const id of ids) {
      const lines = await this.o.store.transcript(id, { last: SEARCH_LINES_PER_CONVERSATION });
      for (const entry of lines) {
        if (entry.author.kind === 'system') continue;
        const folded = foldForSearch(entry.text);
        const at = folded.indexOf(needle);
        if (at < 0) continue;
        hits.push({
          conversationId: id,
          entryId: entry.id,
          at: entry.at,
          author: entry.author.kind,
          text: snippet(entry.text, at, needle.length),
          own: own.has(id),
        });
      }
    }
    hits.sort((a, b) => Number(b.own) - Number(a.own) || b.at - a.at);
    return hits.slice(0, MAX_SEARCH_HITS);
  }

  private async conversation(conversationId: string) {
    const conversation = await this.o.store.get(conversationId);
    if (!conversation) {
      throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation "${conversationId}"`, {
        conversationId,
      });
    }
    return conversation;
  }

  private async ownIds(conversationId: string): Promise<string[]> {
    const conversation = await this.conversation(conversationId);
    const ids = await this.o.store.customerConversations(conversation.channel, conversation.customerId);
    return [...new Set([...ids, conversationId])];
  }

  private async recentClosedIds(): Promise<string[]> {
    const closed = await this.o.queue.closedTickets(SEARCH_RECENT_CLOSED);
    return closed.map((c) => c.conversationId);
  }

  private async summary(id: string, currentId: string): Promise<PastConversationView | undefined> {
    const { store, queue } = this.o;
    const [conversation, first, last, closed] = await Promise.all([
      store.get(id),
      store.transcript(id, { limit: 1 }),
      store.transcript(id, { last: 1 }),
      queue.closedOf(id),
    ]);
    if (!conversation || !first[0] || !last[0]) return undefined;
    const latest = closed.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
    const opening = (await store.transcript(id, { limit: 10 })).find((e) => e.author.kind === 'customer');
    return {
      conversationId: id,
      channel: conversation.channel,
      startedAt: first[0].at,
      lastAt: last[0].at,
      preview: (opening ?? first[0]).text.slice(0, PREVIEW_CHARS),
      current: id === currentId,
      tickets: closed.length,
      tags: [...new Set(closed.flatMap((c) => c.tags ?? []))],
      ...(latest?.note ? { note: latest.note } : {}),
      ...(latest?.rating !== undefined ? { rating: latest.rating } : {}),
      ...(conversation.language ? { language: conversation.language } : {}),
    };
  }
}

/** About PREVIEW_CHARS of text around a match. */
function snippet(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 50);
  const end = Math.min(text.length, at + length + 80);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
