import type { types } from '@slack/bolt';
import type { Choice, OutboundMessage } from '../../core/message.ts';
import { directionOfLanguage, layOutLine, layOutText } from '../../rich-text/bidi-layout.ts';
import { renderPlainText } from '../../rich-text/plain-text.ts';
import { ACTION } from './slack-ids.ts';
import { mrkdwn, mrkdwnLine } from './slack-mrkdwn.ts';
import { clip, escapeSlack } from './slack-text.ts';

type KnownBlock = types.KnownBlock;

/** A message as Slack shows it: the notification text and the blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/**
 * What the bot, an agent or the system says to a Slack customer, in mrkdwn through the one Markdown core
 * (slack-mrkdwn.ts: links as <url|label>, mixed directions isolated): an agent's messages carry the
 * agent's name, system notes are small print, and choices are buttons whose value is sent back as the
 * customer's message. The notification text is the same message as plain text.
 */
export function outboundMessage(message: OutboundMessage): SlackMessage {
  const { language } = message;
  const body = mrkdwn(message.text, language);
  const blocks: KnownBlock[] = [];
  switch (message.author.kind) {
    case 'agent':
      blocks.push(section(`*${mrkdwnLine(message.author.name, language)}*\n${body}`));
      break;
    case 'system': {
      const small = body
        .split('\n')
        .map((line) => (line.trim() ? `_${line}_` : line))
        .join('\n');
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: small }] });
      break;
    }
    default:
      blocks.push(section(body));
  }
  if (message.choices && message.choices.length > 0) blocks.push(choiceButtons(message.choices));
  const fallback = directionOfLanguage(language);
  const author =
    message.author.kind === 'agent'
      ? `${renderPlainText(layOutLine(`${message.author.name}:`, { fallback }))} `
      : '';
  return { text: clip(`${author}${renderPlainText(layOutText(message.text, { fallback }))}`, 3000), blocks };
}

/** Up to 25 buttons (Slack's limit per actions block); each carries its choice's value. */
export function choiceButtons(choices: readonly Choice[]): KnownBlock {
  return {
    type: 'actions',
    block_id: 'hamdel_choices',
    elements: choices.slice(0, 25).map((choice, index) => ({
      type: 'button',
      action_id: `${ACTION.choice}_${index}`,
      text: { type: 'plain_text', text: clip(choice.label, 75), emoji: true },
      value: clip(choice.value, 2000),
    })),
  };
}

/** The message after a choice was picked: the buttons give way to the picked label. */
export function afterChoice(blocks: readonly KnownBlock[], label: string): KnownBlock[] {
  return [
    ...blocks.filter((block) => block.type !== 'actions'),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `› ${escapeSlack(label)}` }] },
  ];
}

export function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, 3000) } };
}
