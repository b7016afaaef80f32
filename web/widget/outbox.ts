/**
 * Messages the customer sent that the server has not acknowledged yet. They survive a dropped connection
 * and a reload (localStorage) and are sent again with the same clientMessageId, which the server uses to
 * handle each one once.
 */
import type { KeyValueStore } from './storage.ts';

export interface OutboxItem {
  readonly clientMessageId: string;
  readonly text: string;
  /** What the pending bubble shows: the typed text, or a choice's label. */
  readonly display: string;
  readonly createdAt: number;
}

/** Older unsent messages are dropped rather than sent hours late out of context. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export class Outbox {
  private readonly store: KeyValueStore;
  private readonly key: string;
  private list: OutboxItem[];

  constructor(store: KeyValueStore, key = 'outbox', now: number = Date.now()) {
    this.store = store;
    this.key = key;
    this.list = parse(store.get(key)).filter((item) => now - item.createdAt < MAX_AGE_MS);
    this.save();
  }

  items(): readonly OutboxItem[] {
    return this.list;
  }

  has(clientMessageId: string): boolean {
    return this.list.some((item) => item.clientMessageId === clientMessageId);
  }

  add(item: OutboxItem): void {
    if (this.has(item.clientMessageId)) return;
    this.list.push(item);
    this.save();
  }

  /** Forget a message: acknowledged, echoed back, or refused for good. */
  remove(clientMessageId: string): OutboxItem | undefined {
    const item = this.list.find((candidate) => candidate.clientMessageId === clientMessageId);
    if (!item) return undefined;
    this.list = this.list.filter((candidate) => candidate !== item);
    this.save();
    return item;
  }

  private save(): void {
    if (this.list.length === 0) this.store.delete(this.key);
    else this.store.set(this.key, JSON.stringify(this.list));
  }
}

function parse(raw: string | undefined): OutboxItem[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter(isOutboxItem) : [];
  } catch {
    return [];
  }
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    typeof item.clientMessageId === 'string' &&
    typeof item.text === 'string' &&
    typeof item.display === 'string' &&
    typeof item.createdAt === 'number'
  );
}
