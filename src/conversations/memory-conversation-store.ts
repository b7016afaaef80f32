import type { Clock } from '../core/clock.ts';
import { HamdelError } from '../core/errors.ts';
import type { ChannelName } from '../core/message.ts';
import type { ConversationStore, TranscriptQuery } from './conversation-store.ts';
import type {
  Conversation,
  ConversationPatch,
  Customer,
  NewTranscriptEntry,
  TranscriptEntry,
} from './conversation.ts';
import type {
  CommittedTurn,
  OpenedTurn,
  OpenTurnOptions,
  TurnRecord,
  TurnStage,
  TurnWrite,
} from './turn-record.ts';

/**
 * A conversation store in this process's memory: for tests, the dialog test client and single-process
 * experiments. Nothing survives a restart; use RedisConversationStore in production.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly customerIds = new Map<string, Set<string>>();
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  private readonly customers = new Map<string, Customer>();
  private readonly turns = new Map<string, TurnRecord>();
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  async get(conversationId: string): Promise<Conversation | undefined> {
    return this.conversations.get(conversationId);
  }

  async ensure(init: { id: string; channel: ChannelName; customerId: string }): Promise<Conversation> {
    const existing = this.conversations.get(init.id);
    if (existing) return existing;
    const now = this.clock.now();
    const conversation: Conversation = {
      ...init,
      state: 'bot',
      createdAt: now,
      updatedAt: now,
      greeted: false,
      failedAnswers: 0,
    };
    this.conversations.set(init.id, conversation);
    return conversation;
  }

  async update(conversationId: string, patch: ConversationPatch): Promise<Conversation> {
    const current = this.conversations.get(conversationId);
    if (!current) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
    const merged: Record<string, unknown> = { ...current, ...patch, updatedAt: this.clock.now() };
    const updated = Object.fromEntries(
      Object.entries(merged).filter(([, value]) => value !== undefined),
    ) as unknown as Conversation;
    this.conversations.set(conversationId, updated);
    return updated;
  }

  async append(conversationId: string, entry: NewTranscriptEntry): Promise<TranscriptEntry> {
    this.sequence += 1;
    const stored: TranscriptEntry = { id: `${this.clock.now()}-${this.sequence}`, ...entry };
    const list = this.transcripts.get(conversationId) ?? [];
    list.push(stored);
    this.transcripts.set(conversationId, list);
    return stored;
  }

  async transcript(conversationId: string, options: TranscriptQuery = {}): Promise<TranscriptEntry[]> {
    const list = this.transcripts.get(conversationId) ?? [];
    const start = options.after ? list.findIndex((e) => e.id === options.after) + 1 : 0;
    const rest = list.slice(start);
    if (options.last !== undefined) return options.last > 0 ? rest.slice(-options.last) : [];
    return options.limit === undefined ? rest : rest.slice(0, options.limit);
  }

  async touchCustomer(customer: {
    channel: ChannelName;
    id: string;
    displayName?: string;
    conversationId?: string;
  }): Promise<Customer> {
    const key = `${customer.channel}:${customer.id}`;
    const now = this.clock.now();
    const existing = this.customers.get(key);
    const updated: Customer = {
      channel: customer.channel,
      id: customer.id,
      firstSeen: existing?.firstSeen ?? now,
      lastSeen: now,
      ...((customer.displayName ?? existing?.displayName)
        ? { displayName: customer.displayName ?? existing?.displayName }
        : {}),
    };
    this.customers.set(key, updated);
    if (customer.conversationId) {
      const ids = this.customerIds.get(key) ?? new Set<string>();
      ids.add(customer.conversationId);
      this.customerIds.set(key, ids);
    }
    return updated;
  }

  async customerConversations(channel: ChannelName, id: string): Promise<string[]> {
    return [...(this.customerIds.get(`${channel}:${id}`) ?? [])];
  }

  async getCustomer(channel: ChannelName, id: string): Promise<Customer | undefined> {
    return this.customers.get(`${channel}:${id}`);
  }

  async openTurn(
    init: { id: string; channel: ChannelName; customerId: string },
    options: OpenTurnOptions,
  ): Promise<OpenedTurn> {
    const conversation = await this.ensure(init);
    const record = this.turns.get(init.id);
    const recent = await this.transcript(init.id, { last: options.recent });
    const kind = options.recentOf;
    return {
      conversation,
      recent: kind ? recent.filter((entry) => entry.author.kind === kind) : recent,
      ...(record?.id === options.turnId ? { committed: record } : {}),
    };
  }

  async commitTurn(conversationId: string, turnId: string, turn: TurnWrite): Promise<CommittedTurn> {
    const last = this.turns.get(conversationId);
    if (last?.id === turnId) {
      const conversation = await this.get(conversationId);
      if (!conversation) throw new HamdelError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
      return { fresh: false, record: last, conversation, entries: [], announced: false };
    }
    const conversation = await this.update(conversationId, turn.patch);
    const entries: TranscriptEntry[] = [];
    for (const entry of turn.entries) entries.push(await this.append(conversationId, entry));
    const record: TurnRecord = {
      id: turnId,
      stage: 'committed',
      entryIds: entries.map((e) => e.id),
      result: turn.result,
    };
    this.turns.set(conversationId, record);
    return { fresh: true, record, conversation, entries, announced: false };
  }

  async markTurn(conversationId: string, turnId: string, stage: TurnStage): Promise<void> {
    const record = this.turns.get(conversationId);
    if (record?.id === turnId) this.turns.set(conversationId, { ...record, stage });
  }

  async entries(conversationId: string, ids: readonly string[]): Promise<TranscriptEntry[]> {
    const wanted = new Set(ids);
    return (this.transcripts.get(conversationId) ?? []).filter((e) => wanted.has(e.id));
  }
}
