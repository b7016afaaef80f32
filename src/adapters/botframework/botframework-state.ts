import type { Choice } from '../../core/message.ts';
import type { RedisConnection } from '../../core/redis-script.ts';
import { SeenOnce } from '../../core/seen-once.ts';
import type { ConversationReferenceJson } from './bot-sdk.ts';

export interface BotFrameworkStateOptions {
  readonly redis: RedisConnection;
  /** Key prefix of the installation (KEY_PREFIX); keys go under `<prefix>botframework:`. */
  readonly prefix: string;
  /** How long a conversation's reference is kept after its customer last wrote (days; default 30). */
  readonly referenceDays?: number;
}

/** The message that shows a waiting customer's place and wait, replaced as the line moves. */
export interface WaitActivity {
  readonly activityId: string;
  /** Its buttons (a replacement without them would take away "leave the line"). */
  readonly choices: readonly Choice[];
}

const DAY = 86_400;

/**
 * What the Bot Framework channel keeps in Redis, shared by every process: each conversation's reference
 * (serviceUrl, ids: what any process needs to send to it), the activity ids handled (the Bot Connector
 * may deliver one again), the wait notice of each waiting customer, and the labels of the buttons last
 * offered (suggested actions come back as their label).
 */
export class BotFrameworkState {
  /** Activity ids: claimed before handling, confirmed after (24 h), forgotten when handling failed. */
  readonly deliveries: SeenOnce;
  private readonly prefix: string;

  constructor(private readonly o: BotFrameworkStateOptions) {
    this.prefix = `${o.prefix}botframework:`;
    this.deliveries = new SeenOnce({
      redis: o.redis,
      key: (id) => this.key('activity', id),
      ttlSeconds: DAY,
      claimMs: 30_000,
    });
  }

  async saveReference(conversationId: string, reference: ConversationReferenceJson): Promise<void> {
    const ttl = (this.o.referenceDays ?? 30) * DAY;
    await this.o.redis.set(this.key('ref', conversationId), JSON.stringify(reference), 'EX', ttl);
  }

  async reference(conversationId: string): Promise<ConversationReferenceJson | undefined> {
    const raw = await this.o.redis.get(this.key('ref', conversationId));
    return raw ? (JSON.parse(raw) as ConversationReferenceJson) : undefined;
  }

  async rememberWait(conversationId: string, wait: WaitActivity): Promise<void> {
    await this.o.redis.set(this.key('wait', conversationId), JSON.stringify(wait), 'EX', DAY);
  }

  async waitActivity(conversationId: string): Promise<WaitActivity | undefined> {
    const raw = await this.o.redis.get(this.key('wait', conversationId));
    return raw ? (JSON.parse(raw) as WaitActivity) : undefined;
  }

  async forgetWait(conversationId: string): Promise<void> {
    await this.o.redis.del(this.key('wait', conversationId));
  }

  /** The buttons just offered in a conversation (their labels are read back to values). */
  async rememberChoices(conversationId: string, choices: readonly Choice[]): Promise<void> {
    await this.o.redis.set(this.key('choices', conversationId), JSON.stringify(choices), 'EX', DAY);
  }

  /** The value of the offered button labelled `text`, if the customer tapped (or typed) one. */
  async choiceValue(conversationId: string, text: string): Promise<string | undefined> {
    const raw = await this.o.redis.get(this.key('choices', conversationId));
    const choices = raw ? (JSON.parse(raw) as Choice[]) : [];
    return choices.find((choice) => choice.label === text)?.value;
  }

  /** What is kept about one conversation, for an export of the customer's data. */
  async exportConversation(conversationId: string): Promise<Record<string, unknown>> {
    const [reference, wait] = await Promise.all([
      this.reference(conversationId),
      this.waitActivity(conversationId),
    ]);
    return { ...(reference ? { reference } : {}), ...(wait ? { waitActivity: wait } : {}) };
  }

  /**
   * Removes what is kept about one conversation (its reference, wait notice and offered buttons) and the
   * activity ids its messages came in (`activityIds`), for an erasure of the customer's data.
   */
  async forgetConversation(conversationId: string, activityIds: readonly string[] = []): Promise<void> {
    const keys = [
      ...['ref', 'wait', 'choices'].map((kind) => this.key(kind, conversationId)),
      ...activityIds.map((id) => this.key('activity', deliveryId(conversationId, id))),
    ];
    await Promise.all(keys.map((key) => this.o.redis.del(key))); // keys of different slots: one by one
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${id}`;
  }
}

/** The id under which an activity's delivery is claimed: its conversation's and its own. */
export function deliveryId(conversationId: string, activityId: string): string {
  return `${conversationId}:${activityId}`;
}
