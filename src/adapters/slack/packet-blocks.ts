import type { types } from '@slack/bolt';
import type { HandoffPacket } from '../../handoff/handoff-packet.ts';
import { section, type SlackMessage } from './message-blocks.ts';
import { ACTION, parseSlackConversationId } from './slack-ids.ts';
import { mrkdwnLine } from './slack-mrkdwn.ts';
import { clip, escapeSlack } from './slack-text.ts';

type KnownBlock = types.KnownBlock;

/** Where an escalation stands, as its message in the agents' channel shows it. */
export type EscalationStatus =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'taken'; readonly agentName: string }
  | { readonly kind: 'closed'; readonly how: 'resolved' | 'cancelled' | 'gone' };

/**
 * An escalation for agents: the packet (reasons, language, channel, customer, summary, why the customer
 * seemed angry, the last messages) and, while it waits, a Take button whose value is the conversation id.
 */
export function escalationMessage(packet: HandoffPacket, status: EscalationStatus): SlackMessage {
  const customer = customerLabel(packet);
  const fields = [
    `*Reason:* ${packet.reasons.join(', ')}`,
    `*Language:* ${packet.language}`,
    `*Channel:* ${escapeSlack(packet.channel)}`,
    `*Customer:* ${customer}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Escalation: ${headline(packet)}`, 150) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    section(`*Summary*\n${mrkdwnLine(packet.summary || '—', packet.language)}`),
  ];
  if (packet.anger && packet.anger.level !== 'calm') {
    const reasons = packet.anger.reasons
      .map((r) => `• ${escapeSlack(r.signal)}: ${r.evidence.map((e) => `“${escapeSlack(e)}”`).join(', ')}`)
      .join('\n');
    blocks.push(section(`*Mood:* ${packet.anger.level}${reasons ? `\n${reasons}` : ''}`));
  }
  const last = packet.lastMessages
    .slice(-4)
    .map((e) => `*${e.author.kind}:* ${mrkdwnLine(clip(e.text, 300), e.language ?? packet.language)}`);
  if (last.length > 0) blocks.push(section(`*Last messages*\n${last.join('\n')}`));
  blocks.push(statusBlock(packet.conversationId, status));
  return {
    text: `Escalation (${packet.language}, ${packet.reasons.join(', ')}): ${clip(packet.summary, 200)}`,
    blocks,
  };
}

/** The thread's control message while an agent holds the chat: Resolve and Release; plain text after. */
export function controlMessage(conversationId: string, agentName: string, open: boolean): SlackMessage {
  const name = escapeSlack(agentName);
  if (!open)
    return {
      text: `${agentName}'s chat is over.`,
      blocks: [section(`_${name}'s part of this chat is over._`)],
    };
  return {
    text: `${agentName} has the chat.`,
    blocks: [
      section(`*${name}* has the chat. Replies in this thread go to the customer under ${name}'s name.`),
      {
        type: 'actions',
        block_id: 'hamdel_control',
        elements: [
          button(ACTION.resolve, 'Resolve', conversationId, 'primary'),
          button(ACTION.release, 'Release', conversationId),
        ],
      },
    ],
  };
}

function statusBlock(conversationId: string, status: EscalationStatus): KnownBlock {
  switch (status.kind) {
    case 'waiting':
      return {
        type: 'actions',
        block_id: 'hamdel_take',
        elements: [button(ACTION.take, 'Take', conversationId, 'primary')],
      };
    case 'taken':
      return context(`:raising_hand: Taken by *${escapeSlack(status.agentName)}*`);
    case 'closed':
      return context(
        status.how === 'resolved'
          ? ':white_check_mark: Resolved'
          : ':leftwards_arrow_with_hook: No longer waiting',
      );
  }
}

function headline(packet: HandoffPacket): string {
  const first = packet.summary.split('\n')[0] ?? '';
  return first.length > 0 ? first : packet.conversationId;
}

function customerLabel(packet: HandoffPacket): string {
  const slack = parseSlackConversationId(packet.conversationId);
  if (slack) return `<@${slack.user}>`;
  const name = packet.customer.displayName;
  return escapeSlack(name ? `${name} (${packet.customer.id})` : packet.customer.id);
}

function context(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label },
    value,
    ...(style ? { style } : {}),
  };
}
