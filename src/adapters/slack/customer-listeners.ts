import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { TurnQueue } from '../../conversations/turn-queue.ts';
import { afterChoice } from './message-blocks.ts';
import type { SlackBlockActions, SlackEnvelope, SlackMessageEvent } from './slack-events.ts';
import { isPersonMessage } from './slack-events.ts';
import { CHOICE_ACTION, SLACK_CHANNEL, slackConversationId } from './slack-ids.ts';
import type { SlackState } from './slack-state.ts';
import { plainFromSlack } from './slack-text.ts';

export interface CustomerListenerOptions {
  readonly turns: TurnQueue;
  readonly state: SlackState;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Slack customers, inbound: a direct message to the app (message.im) or a pressed choice button becomes an
 * `InboundMessage` of the conversation `slack-<team>-<user>` and goes to the turn queue (which handles each
 * platform id once, in order). A listener is done once the message is queued in Redis (Slack is answered
 * then; a failure to queue fails the listener, and Slack delivers the event again); the turn runs on.
 */
export function registerCustomerListeners(app: App, o: CustomerListenerOptions): void {
  app.event('message', async ({ event, body }) => {
    const message = event as unknown as SlackMessageEvent;
    if (message.channel_type !== 'im' || !isPersonMessage(message)) return;
    const envelope = body as SlackEnvelope;
    const team = envelope.team_id ?? message.team ?? 'T';
    const conversationId = slackConversationId(team, message.user);
    await o.state.rememberDmChannel(conversationId, message.channel);
    await submit(o, {
      direction: 'in',
      channel: SLACK_CHANNEL,
      conversationId,
      customer: { id: message.user },
      text: plainFromSlack(message.text ?? ''),
      sentAt: Math.round(Number(message.ts) * 1000),
      platformMessageId: envelope.event_id ?? message.ts,
      raw: body,
    });
  });

  app.action(CHOICE_ACTION, async ({ ack, body, client }) => {
    await ack();
    const payload = body as unknown as SlackBlockActions;
    const action = payload.actions[0];
    const channel = payload.channel?.id ?? payload.container?.channel_id;
    if (!action?.value || !channel) return;
    const team = payload.team?.id ?? payload.user.team_id ?? 'T';
    const conversationId = slackConversationId(team, payload.user.id);
    const messageTs = payload.message?.ts ?? payload.container?.message_ts ?? '';
    await o.state.rememberDmChannel(conversationId, channel);
    if (payload.message?.blocks && messageTs) {
      // The buttons are spent: the message shows what was picked (best effort).
      const blocks = afterChoice(payload.message.blocks as never[], action.text?.text ?? action.value);
      await client.chat
        .update({ channel, ts: messageTs, blocks, text: action.text?.text ?? action.value })
        .catch((error: unknown) => o.log.warn({ err: error }, 'Slack: could not update a picked choice'));
    }
    await submit(o, {
      direction: 'in',
      channel: SLACK_CHANNEL,
      conversationId,
      customer: { id: payload.user.id },
      text: action.value,
      sentAt: o.clock.now(),
      platformMessageId: `action:${messageTs}:${action.action_ts ?? action.action_id}`,
      raw: payload,
    });
  });
}

/** Queues the message; the turn runs on (its replies go out through SlackChannel.deliver). */
async function submit(o: CustomerListenerOptions, message: InboundMessage): Promise<void> {
  const ticket = await o.turns.enqueue(message);
  o.turns.outcome(ticket).catch((error: unknown) => {
    o.log.error({ err: error, conversationId: message.conversationId }, 'Slack: the turn failed');
  });
}
