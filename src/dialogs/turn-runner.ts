import type { Clock } from '../core/clock.ts';
import type { InboundMessage } from '../core/message.ts';
import { keepRawFields } from '../core/raw-payload.ts';
import type {
  Conversation,
  ConversationPatch,
  NewTranscriptEntry,
  TranscriptEntry,
} from '../conversations/conversation.ts';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { ConversationStore } from '../conversations/conversation-store.ts';
import { routeBackHome } from '../conversations/channel-linking.ts';
import { routed, type ConversationWriter } from '../conversations/conversation-writer.ts';
import type { TurnHandler } from '../conversations/turn-queue.ts';
import { turnIdOf } from '../conversations/turn-id.ts';
import type { TurnRecord } from '../conversations/turn-record.ts';
import type { ChannelRegistry } from '../adapters/channel-adapter.ts';
import type { DialogEngine, TurnResult } from './dialog-engine.ts';
import { TypingNotice } from './typing-notice.ts';
import type { TurnObserver } from './dialog-observer.ts';

/** What the human queue does for a turn's effects (src/handoff implements it). */
export interface HandoffHooks {
  escalate(conversation: Conversation, turn: Pick<TurnResult, 'language' | 'effects'>): Promise<void>;
  cancel(conversation: Conversation): Promise<void>;
  rate(conversation: Conversation, ticketRef: string, rating: number, comment?: string): Promise<void>;
}

export interface TurnRunnerOptions {
  readonly store: ConversationStore;
  readonly events: ConversationEvents;
  readonly writer: ConversationWriter;
  readonly engine: DialogEngine;
  readonly clock: Clock;
  readonly handoff?: HandoffHooks;
  /** Channels told that the bot is typing (Telegram's "typing…"). */
  readonly channels?: ChannelRegistry;
  /** Typing is shown only for turns that take longer than this (default 300 ms). */
  readonly typingAfterMs?: number;
  /** Told of each turn once it is stored (reports). */
  readonly observer?: TurnObserver;
}

/** What a committed turn keeps for whoever finishes it: its effects on the human queue. */
interface StoredTurn {
  readonly language: TurnResult['language'];
  readonly effects: TurnResult['effects'];
  /** The closed ticket the satisfaction question was about, before this turn. */
  readonly surveyFor?: string;
}

/**
 * One turn, with its storage, safe to run again for the same message: it reads the conversation, runs the
 * dialog engine, and commits the customer's message, the bot's replies and the conversation's changes in
 * one atomic write keyed by the turn id. Then it announces the entries, sends them out on the channel and
 * carries out the effects on the human queue, noting each step. Run again for a turn that a dead process
 * had committed, it writes nothing new and finishes only the steps not yet noted.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnHandler {
  const { store, events, engine, writer } = options;

  const finish = async (
    conversation: Conversation,
    record: TurnRecord,
    entries: readonly TranscriptEntry[],
    announcing: Promise<unknown> = writer.announce(conversation.id, entries),
  ): Promise<TranscriptEntry[]> => {
    const stored = record.result as StoredTurn;
    if (record.stage === 'committed') {
      const [, sent] = await Promise.all([
        announcing,
        writer.deliver(conversation, entries, { answering: true }),
      ]);
      if (sent) await store.markTurn(conversation.id, record.id, 'delivered');
    } else {
      await announcing;
    }
    if (record.stage !== 'done' && hasEffects(stored)) {
      await applyEffects(options.handoff, conversation, stored);
      const { routeHome } = stored.effects;
      if (routeHome !== undefined) await routeBackHome(store, conversation, routeHome);
      await store.markTurn(conversation.id, record.id, 'done');
    }
    return entries.filter((entry) => entry.author.kind !== 'customer');
  };

  const resume = async (conversation: Conversation, record: TurnRecord): Promise<TranscriptEntry[]> =>
    finish(conversation, record, await store.entries(conversation.id, record.entryIds));

  return async (message, knownTurnId) => {
    const turnId = knownTurnId ?? turnIdOf(message);
    const [opened] = await Promise.all([
      store.openTurn(
        { id: message.conversationId, channel: message.channel, customerId: message.customer.id },
        { turnId, recent: RECENT, recentOf: 'customer' },
      ),
      store.touchCustomer({
        channel: message.channel,
        id: message.customer.id,
        conversationId: message.conversationId,
        ...(message.customer.displayName ? { displayName: message.customer.displayName } : {}),
      }),
    ]);
    if (opened.committed) return resume(opened.conversation, opened.committed);

    const via = routePatch(message, opened.conversation);
    const conversation = { ...opened.conversation, ...via };
    const silent = conversation.state === 'waiting' || conversation.state === 'agent';
    const typing = silent
      ? undefined
      : new TypingNotice({
          conversation,
          events,
          ...(options.channels ? { channels: options.channels } : {}),
          afterMs: options.typingAfterMs ?? 300,
        });
    let result: TurnResult;
    let committed;
    try {
      result = await engine.run(message, conversation, opened.recent);
      committed = await store.commitTurn(conversation.id, turnId, {
        entries: [
          customerEntry(message, result),
          ...replyEntries(result, options.clock.now()).map((e) => routed(conversation, e)),
        ],
        patch: { ...result.patch, ...via },
        result: {
          language: result.language,
          effects: result.effects,
          ...(conversation.surveyFor ? { surveyFor: conversation.surveyFor } : {}),
        } satisfies StoredTurn,
      });
    } finally {
      await typing?.stop();
    }
    if (!committed.fresh) return resume(committed.conversation, committed.record);
    const observer = options.observer;
    if (observer) {
      const turn = { turnId, conversation, result, at: options.clock.now() };
      try {
        observer.turnCommitted(turn);
      } catch {
        // Reports never break a turn.
      }
    }
    const { language } = result.patch;
    const announcing = committed.announced
      ? Promise.resolve()
      : Promise.all([
          language ? events.publish(conversation.id, { type: 'language', language }) : undefined,
          writer.announce(conversation.id, committed.entries),
        ]);
    return finish(committed.conversation, committed.record, committed.entries, announcing);
  };
}

function customerEntry(message: InboundMessage, result: TurnResult): NewTranscriptEntry {
  return {
    author: { kind: 'customer' },
    text: result.customerText,
    at: message.sentAt,
    language: result.language,
    platformMessageId: message.platformMessageId,
    channel: message.channel,
    ...withRaw(keepRawFields(message.channel, message.raw)),
    ...(result.patch.mood ? { mood: result.patch.mood } : {}),
  };
}

/**
 * Where the customer wrote from, when it changes (a linked channel): the conversation remembers it, and
 * the bot's and agents' messages follow it there (ChannelRegistry's `routeOf`).
 */
function routePatch(
  message: InboundMessage,
  conversation: Conversation,
): Pick<ConversationPatch, 'lastChannel' | 'lastAddress'> {
  const address = message.address ?? message.conversationId;
  const lastAddress = conversation.lastAddress ?? conversation.id;
  const lastChannel = conversation.lastChannel ?? conversation.channel;
  if (address === lastAddress && message.channel === lastChannel) return {};
  return { lastChannel: message.channel, lastAddress: address };
}

function replyEntries(result: TurnResult, now: number): NewTranscriptEntry[] {
  return result.replies.map((reply) => ({
    author: { kind: 'bot' },
    text: reply.text,
    at: now,
    language: result.language,
    meta: reply.meta,
    ...(reply.choices ? { choices: reply.choices } : {}),
  }));
}

function hasEffects(stored: StoredTurn): boolean {
  const { effects } = stored;
  return Boolean(
    effects.escalate || effects.cancelWait || effects.rating !== undefined || effects.routeHome !== undefined,
  );
}

/**
 * The turn's effects on the human queue. Each is safe to repeat for a turn finished by another process:
 * a conversation already waiting or with a person is not escalated again, a cancelled wait stays
 * cancelled, and a rating is set, not added.
 */
async function applyEffects(
  hooks: HandoffHooks | undefined,
  conversation: Conversation,
  stored: StoredTurn,
): Promise<void> {
  if (!hooks) return;
  const { effects } = stored;
  const handedOver = conversation.state === 'waiting' || conversation.state === 'agent';
  if (effects.escalate && !handedOver) await hooks.escalate(conversation, stored);
  if (effects.cancelWait) await hooks.cancel(conversation);
  if (effects.rating !== undefined && stored.surveyFor) {
    await hooks.rate(conversation, stored.surveyFor, effects.rating, effects.ratingComment);
  }
}

/** Newest transcript entries among which the engine sees the customer's own (mood trend, repetition). */
const RECENT = 12;

/** The allow-listed part of the platform's payload (src/core/raw-payload.ts), when there is one. */
function withRaw(raw: Record<string, unknown> | undefined): { raw?: Record<string, unknown> } {
  return raw ? { raw } : {};
}
