/**
 * hamdel's outbound messages as Telegram messages: pure functions. Text goes out in Telegram's HTML parse
 * mode, where only `<`, `>`, `&` (and `"` in attributes) must be escaped, so no character a customer, an
 * agent or an article writes can break a message. The Markdown-ish subset of articles is kept: **bold**,
 * "-" and "1." lists, [links](https://...) and headings.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, OutboundMessage } from '../../core/message.ts';

/** Telegram refuses callback data longer than this (in UTF-8 bytes). */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Telegram's limit is 4096 characters of text after parsing; this leaves room for the author line. */
const PART_MAX_CHARS = 4000;

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*([0-9\u06f0-\u06f9\u0660-\u0669]+[.)])\s+(.*)$/;
const HEADING = /^#{1,6}\s+(.*)$/;
const INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(((?:https?:|mailto:|tg:)[^\s)]+)\)/g;

/** Escapes text for Telegram's HTML parse mode (also inside attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/** One line of Markdown-ish text as HTML: **bold** and [label](url); everything else escaped. */
export function inlineHtml(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    const [whole, bold, label, href] = match;
    html += escapeHtml(line.slice(last, match.index));
    if (bold !== undefined) html += `<b>${escapeHtml(bold)}</b>`;
    else if (label !== undefined && href !== undefined)
      html += `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
    last = match.index + whole.length;
  }
  return html + escapeHtml(line.slice(last));
}

/** A Markdown-ish body as HTML lines: lists get bullets, headings become bold, blank lines stay. */
export function bodyHtmlLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bullet = BULLET.exec(line);
      if (bullet) return `${line.startsWith('  ') ? '    ◦' : '•'} ${inlineHtml(bullet[1] ?? '')}`;
      const numbered = NUMBERED.exec(line);
      if (numbered) return `${escapeHtml(numbered[1] ?? '')} ${inlineHtml(numbered[2] ?? '')}`;
      const heading = HEADING.exec(line);
      if (heading) return `<b>${escapeHtml(heading[1] ?? '')}</b>`;
      return inlineHtml(line);
    });
}

/** How many characters Telegram counts in an HTML text (UTF-16 units; tags removed, entities as one). */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]+>/g, '').replace(/&(?:amp|lt|gt|quot);/g, '_').length;
}

/** The message's text as one or more HTML parts, each within Telegram's length limit. */
export function renderHtml(message: OutboundMessage): string[] {
  let lines = bodyHtmlLines(message.text);
  if (message.author.kind === 'system') lines = lines.map((line) => (line.trim() ? `<i>${line}</i>` : line));
  if (message.author.kind === 'agent') lines = [`<b>${escapeHtml(message.author.name)}</b>`, ...lines];
  return splitParts(trimBlankLines(lines));
}

/** The message without formatting, for when Telegram refuses the HTML of a message. */
export function renderPlain(message: OutboundMessage): string[] {
  const text = message.author.kind === 'agent' ? `${message.author.name}:\n${message.text}` : message.text;
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
