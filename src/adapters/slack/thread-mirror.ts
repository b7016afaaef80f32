import type { App } from '@slack/bolt';
import type { SeenOnce } from '../../core/seen-once.ts';
import type { TranscriptEntry } from '../../conversations/conversation.ts';
import type { ConversationStore } from '../../conversations/conversation-store.ts';
import { section } from './message-blocks.ts';
import type { SlackState } from './slack-state.ts';
import { mrkdwn } from './slack-mrkdwn.ts';
import { escapeSlack } from './slack-text.ts';

export interface ThreadMirrorOptions {
  readonly client: App['client'];
  readonly store: ConversationStore;
  readonly state: SlackState;
  /** How long a mirror stays claimed by a process that died while posting it. */
  readonly claimMs: number;
}

/**
 * Copies into an escalation's thread what the customer writes, and what agents write outside Slack (the
 * console), each transcript entry once: claimed in Redis before it is posted, confirmed after (30 days),
 * freed when Slack refused it. `catchUp` posts the entries written since the thread started that are not in
 * it yet, for a process that takes the threads over from one that stopped or died.
 */
export class ThreadMirror {
  private readonly mirrored: SeenOnce;

  constructor(private readonly o: ThreadMirrorOptions) {
    this.mirrored = o.state.seen('mirrored', { ttlSeconds: 30 * 86_400, claimMs: o.claimMs });
  }

  /** Mirrors one entry (if it is one to mirror, its thread is live, and it is not mirrored yet). */
  async entry(conversationId: string, entry: TranscriptEntry): Promise<void> {
    const author = entry.author;
    const elsewhere = author.kind === 'agent' && !entry.platformMessageId?.startsWith('slack:');
    if (author.kind !== 'customer' && !elsewhere) return;
    const thread = await this.o.state.thread(conversationId);
    if (!thread || thread.closed) return;
    const id = `${conversationId}:${entry.id}`;
    if (!(await this.mirrored.claim(id))) return;
    const who = author.kind === 'agent' ? `${author.name} (console)` : 'Customer';
    try {
      await this.o.client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text: `${who}: ${entry.text}`,
        blocks: [section(`*${escapeSlack(who)}:* ${mrkdwn(entry.text, entry.language ?? 'en')}`)],
      });
    } catch (error) {
      await this.mirrored.forget(id).catch(() => undefined);
      throw error;
    }
    await this.mirrored.confirm(id);
  }

  /** Mirrors, in order, the entries written since the thread started that are not in it yet. */
  async catchUp(conversationId: string): Promise<void> {
    const thread = await this.o.state.thread(conversationId);
    if (!thread?.since || thread.closed) return;
    for (const entry of await this.o.store.transcript(conversationId, { after: thread.since })) {
      await this.entry(conversationId, entry);
    }
  }
}
