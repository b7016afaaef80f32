import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { OutboundMessage } from '../../core/message.ts';
import type { Conversation } from '../../conversations/conversation.ts';
import type { ChannelAdapter } from '../channel-adapter.ts';
import { outboundMessage } from './message-blocks.ts';
import { parseSlackConversationId, SLACK_CHANNEL } from './slack-ids.ts';
import type { SlackState } from './slack-state.ts';

export interface SlackChannelOptions {
  /** Bolt's Web API client (bot token, SLACK_API_URL). */
  readonly client: App['client'];
  readonly state: SlackState;
  readonly log: Logger;
}

/** Slack's answers to chat.update for a message that can no longer be edited. */
const UNEDITABLE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/** The `error` of a Web API call Slack refused (`{ ok: false, error }`), as Bolt's client throws it. */
function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Slack customers, outbound: messages go to the customer's direct message with the app (chat.postMessage),
 * choices as buttons; the place in line is one message edited in place (chat.update), posted anew only when
 * Slack can no longer edit it (deleted, too old). Slack has no typing
 * indicator for apps outside assistant threads, so there is no `showTyping`.
 */
export class SlackChannel implements ChannelAdapter {
  readonly channel = SLACK_CHANNEL;

  constructor(private readonly o: SlackChannelOptions) {}

  async deliver(conversation: Conversation, messages: readonly OutboundMessage[]): Promise<void> {
    const channel = await this.dmChannel(conversation);
    for (const message of messages) {
      const posted = await this.o.client.chat.postMessage({ channel, ...outboundMessage(message) });
      if (message.meta?.kind === 'handoff' && posted.ts) {
        // The newest notice about the line is the one later updates edit.
        await this.o.state.rememberWaitMessage(conversation.id, {
          channel,
          ts: posted.ts,
          choices: message.choices ?? [],
        });
      }
    }
  }

  async showWait(conversation: Conversation, wait: { position: number; text: string }): Promise<void> {
    const shown = await this.o.state.waitMessage(conversation.id);
    const rendered = outboundMessage({
      direction: 'out',
      channel: SLACK_CHANNEL,
      conversationId: conversation.id,
      author: { kind: 'bot' },
      text: wait.text,
      language: conversation.language ?? 'en',
      sentAt: Date.now(),
      meta: { kind: 'handoff' },
      ...(shown && shown.choices.length > 0 ? { choices: shown.choices } : {}),
    });
    if (shown) {
      try {
        await this.o.client.chat.update({ channel: shown.channel, ts: shown.ts, ...rendered });
        return;
      } catch (error) {
        // Deleted, or too old to edit: a new message takes its place (and later updates edit that one).
        if (!UNEDITABLE.has(slackError(error) ?? '')) throw error;
        this.o.log.info(
          { conversationId: conversation.id, error: slackError(error) },
          'Slack: the wait message could not be edited; sent anew',
        );
      }
    }
    const channel = await this.dmChannel(conversation);
    const posted = await this.o.client.chat.postMessage({ channel, ...rendered });
    if (posted.ts) {
      const choices = shown?.choices ?? [];
      await this.o.state.rememberWaitMessage(conversation.id, { channel, ts: posted.ts, choices });
    }
  }

  /** The direct message channel seen on the customer's last message, or one opened for them. */
  private async dmChannel(conversation: Conversation): Promise<string> {
    const known = await this.o.state.dmChannel(conversation.id);
    if (known) return known;
    const user = parseSlackConversationId(conversation.id)?.user ?? conversation.customerId;
    const opened = await this.o.client.conversations.open({ users: user });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`Slack opened no direct message with ${user}`);
    await this.o.state.rememberDmChannel(conversation.id, channel);
    return channel;
  }
}
