/**
 * Text channels (Telegram's HTML, Slack's mrkdwn, plain text) show a message as lines. This draws a laid
 * out message (bidi-layout.ts) line by line with a channel's syntax: a paragraph's line breaks stay, a
 * list item is a line with its bullet or number, a blank line stays where the source had one. The parts
 * every channel shares are done here once: isolated runs between LRI/RLI and PDI, and a direction mark in
 * front of a line whose first letter reads against its block (bidi.ts `directionMark`), so that clients
 * that pick a line's direction from its first letter, and do not know isolates, still read it right.
 */
import { directionMark, LRI, PDI, RLI, type Direction } from '../language/bidi.ts';
import { inlineText, type Inline, type RichText } from './rich-text.ts';

/** How one channel writes each piece; every function gets its pieces already written in that syntax. */
export interface LineSyntax {
  /** Plain text, escaped as the channel needs. */
  readonly text: (text: string) => string;
  readonly strong: (inner: string) => string;
  /** `label` is written; `labelText` is what it reads as. */
  readonly link: (href: string, label: string, labelText: string, bare: boolean) => string;
  readonly heading: (inner: string) => string;
  /** What starts a list item at `depth`: "•", "1." (`marker` is the item's number as written, '' if none). */
  readonly itemStart: (marker: string, depth: number) => string;
}

/** The message as lines in `syntax`; '' is a blank line between blocks. */
export function renderLines(message: RichText, syntax: LineSyntax): string[] {
  const lines: string[] = [];
  const fallback: Direction = message.direction ?? 'ltr';
  message.blocks.forEach((block, index) => {
    if (block.spaced && index > 0) lines.push('');
    const direction = block.direction ?? fallback;
    const line = (inlines: readonly Inline[], written: string): void => {
      lines.push(directionMark(inlineText(inlines), direction) + written);
    };
    switch (block.kind) {
      case 'paragraph':
        for (const part of splitAtBreaks(block.children)) line(part, inlines(part, syntax));
        return;
      case 'heading':
        line(block.children, syntax.heading(inlines(block.children, syntax)));
        return;
      case 'list':
        block.items.forEach((item, position) => {
          const marker = block.ordered ? item.marker || `${position + 1}.` : '';
          line(item.children, `${syntax.itemStart(marker, item.depth)} ${inlines(item.children, syntax)}`);
        });
        return;
    }
  });
  return lines;
}

/** The usual start of a list item in text: "•" (nested "◦", indented), or the item's number. */
export function bulletOf(marker: string, depth: number): string {
  const indent = '    '.repeat(depth);
  return `${indent}${marker || (depth > 0 ? '◦' : '•')}`;
}

/** Some inlines in `syntax` (a line's worth: breaks are written as spaces). */
export function inlines(list: readonly Inline[], syntax: LineSyntax): string {
  return list
    .map((inline) => {
      switch (inline.kind) {
        case 'text':
          return syntax.text(inline.text);
        case 'break':
          return ' ';
        case 'strong':
          return syntax.strong(inlines(inline.children, syntax));
        case 'link':
          return syntax.link(
            inline.href,
            inlines(inline.children, syntax),
            inlineText(inline.children),
            inline.bare,
          );
        case 'isolate':
          return `${inline.direction === 'ltr' ? LRI : RLI}${inlines(inline.children, syntax)}${PDI}`;
      }
    })
    .join('');
}

function splitAtBreaks(list: readonly Inline[]): Inline[][] {
  const parts: Inline[][] = [[]];
  for (const inline of list) {
    if (inline.kind === 'break') parts.push([]);
    else parts[parts.length - 1]?.push(inline);
  }
  return parts;
}
