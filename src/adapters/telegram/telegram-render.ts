/**
 * hamdel's outbound messages as Telegram messages: pure functions. Text goes out in Telegram's HTML parse
 * mode, where only `<`, `>`, `&` (and `"` in attributes) must be escaped, so no character a customer, an
 * agent or an article writes can break a message. The text goes through the one Markdown core
 * (src/rich-text): **bold**, lists, [links](https://...), bare URLs and headings, each line in its own
 * direction with left-to-right runs in Persian and Arabic isolated (LRI ... PDI) and a direction mark where
 * a line would otherwise start the wrong way (Telegram picks a line's direction from its first letter).
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, OutboundMessage } from '../../core/message.ts';
import { directionOfLanguage, layOutLine, layOutText } from '../../rich-text/bidi-layout.ts';
import { bulletOf, renderLines, type LineSyntax } from '../../rich-text/line-renderer.ts';
import { renderPlainText } from '../../rich-text/plain-text.ts';

/** Telegram refuses callback data longer than this (in UTF-8 bytes). */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Telegram's limit is 4096 characters of text after parsing; this leaves room for the author line. */
const PART_MAX_CHARS = 4000;

/** Escapes text for Telegram's HTML parse mode (also inside attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/** Telegram's HTML: <b> for bold and headings, <a href> for links. */
const TELEGRAM_HTML: LineSyntax = {
  text: escapeHtml,
  strong: (inner) => `<b>${inner}</b>`,
  link: (href, label) => `<a href="${escapeHtml(href)}">${label}</a>`,
  heading: (inner) => `<b>${inner}</b>`,
  itemStart: (marker, depth) => escapeHtml(bulletOf(marker, depth)),
};

/** A text (a message's, a wait notice's) as Telegram HTML lines, laid out for a reader of `language`. */
export function htmlLines(text: string, language: OutboundMessage['language']): string[] {
  return renderLines(layOutText(text, { fallback: directionOfLanguage(language) }), TELEGRAM_HTML);
}

/** How many characters Telegram counts in an HTML text (UTF-16 units; tags removed, entities as one). */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]+>/g, '').replace(/&(?:amp|lt|gt|quot);/g, '_').length;
}

/** The message's text as one or more HTML parts, each within Telegram's length limit. */
export function renderHtml(message: OutboundMessage): string[] {
  let lines = htmlLines(message.text, message.language);
  if (message.author.kind === 'system') lines = lines.map((line) => (line.trim() ? `<i>${line}</i>` : line));
  if (message.author.kind === 'agent') {
    const name = layOutLine(message.author.name, { fallback: directionOfLanguage(message.language) });
    lines = [`<b>${renderLines(name, TELEGRAM_HTML).join(' ')}</b>`, ...lines];
  }
  return splitParts(trimBlankLines(lines));
}

/** The message without formatting, for when Telegram refuses the HTML of a message. */
export function renderPlain(message: OutboundMessage): string[] {
  const body = renderPlainText(layOutText(message.text, { fallback: directionOfLanguage(message.language) }));
  const text =
    message.author.kind === 'agent'
      ? `${renderPlainText(layOutLine(`${message.author.name}:`, { fallback: directionOfLanguage(message.language) }))}\n${body}`
      : body;
  const parts: string[] = [];
  const chars = [...text];
  for (let start = 0; start < chars.length; start += PART_MAX_CHARS) {
    parts.push(chars.slice(start, start + PART_MAX_CHARS).join(''));
  }
  return parts.length > 0 ? parts : [' '];
}

/**
 * Choices as an inline keyboard: short labels (ratings) side by side in one row, others one per row.
 * `callbackData` gives each choice's data (at most CALLBACK_DATA_MAX_BYTES bytes).
 */
export function choicesKeyboard(
  choices: readonly Choice[],
  callbackData: (choice: Choice) => string,
): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton[] = choices.map((choice) => ({
    text: choice.label,
    callback_data: callbackData(choice),
  }));
  const short = choices.every((choice) => [...choice.label].length <= 3);
  return { inline_keyboard: short ? [buttons] : buttons.map((button) => [button]) };
}

/** Whether a choice's value can travel as callback data as it is. */
export function fitsCallbackData(value: string): boolean {
  return Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.trim() === '') start += 1;
  while (end > start && lines[end - 1]?.trim() === '') end -= 1;
  return lines.slice(start, end);
}

/** Groups whole lines into parts; a single overlong line is cut as plain text. */
function splitParts(lines: readonly string[]): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current.join('\n'));
    current = [];
    length = 0;
  };
  for (const line of lines) {
    const size = visibleLength(line) + 1;
    if (size > PART_MAX_CHARS) {
      flush();
      // Entities stay whole, so every part is still valid HTML.
      const plain = line.replace(/<[^>]+>/g, '').match(/&(?:amp|lt|gt|quot);|[\s\S]/gu) ?? [];
      for (let start = 0; start < plain.length; start += PART_MAX_CHARS) {
        parts.push(plain.slice(start, start + PART_MAX_CHARS).join(''));
      }
      continue;
    }
    if (length + size > PART_MAX_CHARS) flush();
    current.push(line);
    length += size;
  }
  flush();
  return parts.length > 0 ? parts : [' '];
}
