import { HamdelError } from '../core/errors.ts';
import { queryWords } from '../language/search-terms.ts';
import type { Agent } from '../agents/agent.ts';
import type { TranscriptEntry } from '../conversations/conversation.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import { closedSearch, mayReadClosed } from './chat-access.ts';
import type { HandoffQueue } from './handoff-queue.ts';
import type { CustomerProfileView, PastConversationView, SearchHitView } from './console-protocol.ts';
import type { TranscriptIndex } from './transcript-index.ts';

/** Earlier conversations listed per customer at most (the newest). */
export const MAX_PAST_CONVERSATIONS = 30;
/** A customer's conversations searched at most. */
export const MAX_OWN_SEARCHED = 100;

const PREVIEW_CHARS = 140;

/** Where a search looks: the customer's own conversations, or the closed ones the agent may read. */
export type SearchScope = 'customer' | 'closed';

export interface CustomerHistoryOptions {
  readonly store: ConversationStore;
  readonly queue: HandoffQueue;
  readonly index: TranscriptIndex;
  /**
   * The channel addresses linked to a conversation ("one customer across channels"): the conversation an
   * address had before it was linked, and its customer's others, are the customer's too. Default: none.
   */
  readonly linkedAddresses?: (conversationId: string) => Promise<readonly string[]>;
}

/**
 * The customer behind a chat, as the agent's side panel shows it: their record, their conversations on the
 * same channel account (the customer's conversation index; a signed site user's on every device) and on
 * the channels linked to the chat (the conversation a linked chat had before its link), read-only
 * transcripts of them, and a search over transcripts through the index (transcript-index.ts): in the
 * customer's own conversations, or in the closed conversations the agent may read (chat-access.ts: their
 * own and their team's; every one for supervisors and admins). Callers check first that the agent may act on
 * the chat.
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
    const ids = await this.ownIds(conversationId);
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
   * The transcript of another conversation, read-only: one of the same customer's, or a closed one the agent
   * may read (what their search can find). Anything else is CONVERSATION_NOT_FOUND, whether it exists or not.
   */
  async transcript(agent: Agent, conversationId: string, pastId: string): Promise<TranscriptEntry[]> {
    const own = (await this.ownIds(conversationId)).includes(pastId);
    const reach = own ? undefined : await this.o.index.reachOf(pastId);
    if (!own && !(reach && mayReadClosed(agent, reach))) {
      throw new HamdelError('CONVERSATION_NOT_FOUND', `No earlier conversation "${pastId}" to show here.`, {
        conversationId: pastId,
      });
    }
    return this.o.store.transcript(pastId);
  }

  /**
   * Lines that contain every word of `query` (each word begins a word of the line; letters, digits, ZWNJ
   * and case folded), newest first, at most MAX_SEARCH_HITS: in the customer's own conversations, or in the
   * closed conversations `agent` may read.
   */
  async search(
    agent: Agent,
    conversationId: string,
    query: string,
    scope: SearchScope = 'customer',
  ): Promise<SearchHitView[]> {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const own = await this.ownIds(conversationId);
    const hits =
      scope === 'customer'
        ? await this.o.index.inConversations(own.slice(0, MAX_OWN_SEARCHED), words)
        : await this.o.index.inClosed(closedSearch(agent), words);
    const mine = new Set(own);
    return hits.map((hit) => ({ ...hit, own: mine.has(hit.conversationId) }));
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

  /** The customer's conversations: on this chat's channel account, and on every channel linked to it. */
  private async ownIds(conversationId: string): Promise<string[]> {
    const { store } = this.o;
    const conversation = await this.conversation(conversationId);
    const ids = new Set(await store.customerConversations(conversation.channel, conversation.customerId));
    ids.add(conversationId);
    for (const address of (await this.o.linkedAddresses?.(conversationId)) ?? []) {
      // The address's own conversation from before the link (if it had one), and its customer's others.
      const earlier = await store.get(address);
      if (!earlier) continue;
      ids.add(address);
      for (const id of await store.customerConversations(earlier.channel, earlier.customerId)) ids.add(id);
    }
    return [...ids];
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
