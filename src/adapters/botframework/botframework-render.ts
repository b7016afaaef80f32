/**
 * hamdel's outbound messages as Bot Framework activities: pure functions. Text goes out as Markdown
 * (textFormat "markdown", which Teams and Web Chat render), through the one Markdown core (src/rich-text):
 * **bold**, lists, links, headings, each line in its own direction with left-to-right runs in Persian and
 * Arabic isolated (LRI ... PDI) and a direction mark where a line would otherwise start the wrong way.
 * Choices are buttons: in Teams an Adaptive Card (right to left for fa/ar) whose buttons send the choice's
 * value and show its label (messageBack), elsewhere suggested actions (imBack with the label, read back to
 * the value by the channel).
 */
import type { Choice, OutboundMessage } from '../../core/message.ts';
import type { Language } from '../../core/language.ts';
import { directionOfLanguage, layOutLine, layOutText } from '../../rich-text/bidi-layout.ts';
import { bulletOf, renderLines, type LineSyntax } from '../../rich-text/line-renderer.ts';
import type { ActivityJson } from './bot-sdk.ts';

/** Markdown's special characters shown as themselves; `<`, `>` and `&` as entities (Teams reads some HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]#]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const MARKDOWN: LineSyntax = {
  text: escapeMarkdown,
  strong: (inner) => `**${inner}**`,
  link: (href, label, _labelText, bare) =>
    bare ? href : `[${label}](${href.replace(/[()\s]/g, encodeURIComponent)})`,
  heading: (inner) => `**${inner}**`,
  itemStart: (marker, depth) => escapeMarkdown(bulletOf(marker, depth)),
};

/** A text as Markdown for a reader of `language`: one paragraph per line (a single newline would be a space). */
export function markdownOf(text: string, language: Language): string {
  const lines = renderLines(layOutText(text, { fallback: directionOfLanguage(language) }), MARKDOWN);
  return lines.filter((line) => line.trim() !== '').join('\n\n') || ' ';
}

/** The message's text as Markdown; an agent's name first, in bold. */
export function messageMarkdown(message: OutboundMessage): string {
  const body = markdownOf(message.text, message.language);
  if (message.author.kind !== 'agent') return body;
  const name = renderLines(
    layOutLine(message.author.name, { fallback: directionOfLanguage(message.language) }),
    MARKDOWN,
  );
  return `**${name.join(' ')}**\n\n${body}`;
}

/** Choices as an Adaptive Card for Teams: buttons that send the value and show the label (messageBack). */
export function choicesCard(choices: readonly Choice[], language: Language): Record<string, unknown> {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      rtl: directionOfLanguage(language) === 'rtl',
      body: [],
      actions: choices.map((choice) => ({
        type: 'Action.Submit',
        title: choice.label,
        data: {
          msteams: { type: 'messageBack', displayText: choice.label, text: choice.value },
          choice: choice.value,
        },
      })),
    },
  };
}

/** Choices as suggested actions: the label is what the customer taps and what comes back. */
export function suggestedActions(choices: readonly Choice[]): Record<string, unknown> {
  return { actions: choices.map((choice) => ({ type: 'imBack', title: choice.label, value: choice.label })) };
}

/** A message activity for `channelId` with `text` (Markdown) and the choices, if any. */
export function messageActivity(
  channelId: string,
  text: string,
  language: Language,
  choices: readonly Choice[] = [],
): ActivityJson {
  const activity: ActivityJson = { type: 'message', text, textFormat: 'markdown', locale: language };
  if (choices.length === 0) return activity;
  if (channelId === 'msteams') return { ...activity, attachments: [choicesCard(choices, language)] };
  return { ...activity, suggestedActions: suggestedActions(choices) };
}
