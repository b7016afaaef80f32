/**
 * The one Markdown parser: text to the rich-text tree (rich-text.ts). Lines are read one by one:
 * "#" to "######" start a heading, "-", "*" or "•" a bulleted item, a number (any digits) with "." or ")"
 * an ordered item (two spaces of indent or more nest it), a blank line ends a block, other lines make
 * paragraphs (each line break kept). Inside a line: **bold**, [label](url) for http(s), mailto and tel
 * links, and bare http(s) URLs. Anything else is text, so no input can produce markup of its own.
 */
import type { Block, Inline, ListItem } from './rich-text.ts';

const HEADING = /^\s{0,3}(#{1,6})\s+(.*)$/;
const BULLET = /^(\s*)[-*•]\s+(.*)$/;
const NUMBERED = /^(\s*)([0-9\u06F0-\u06F9\u0660-\u0669]+[.)])\s+(.*)$/;
/** Trailing punctuation (Latin and Arabic) is not part of a bare URL. */
const INLINE =
  /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(((?:https?:|mailto:|tel:)[^\s)]+)\)|(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]،؛])/g;

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: ListItem[]; spaced: boolean } | undefined;
  let spaced = false;

  const flush = (): void => {
    if (paragraph.length > 0) {
      const children: Inline[] = [];
      paragraph.forEach((line, index) => {
        if (index > 0) children.push({ kind: 'break' });
        children.push(...parseInline(line));
      });
      blocks.push({ kind: 'paragraph', spaced, children });
      paragraph = [];
      spaced = false;
    }
    if (list) {
      blocks.push({ kind: 'list', ordered: list.ordered, items: list.items, spaced: list.spaced });
      list = undefined;
      spaced = false;
    }
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      flush();
      if (blocks.length > 0) spaced = true;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = heading[1]?.length ?? 1;
      blocks.push({ kind: 'heading', level, spaced, children: parseInline(heading[2] ?? '') });
      spaced = false;
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      const indent = (bullet?.[1] ?? numbered?.[1] ?? '').replace(/\t/g, '  ').length;
      const item: ListItem = {
        depth: Math.min(3, Math.floor(indent / 2)),
        marker: numbered?.[2] ?? '',
        children: parseInline((bullet ? bullet[2] : numbered?.[3]) ?? ''),
      };
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [], spaced };
      spaced = false;
      list.items.push(item);
      continue;
    }
    if (list) flush();
    paragraph.push(line);
  }
  flush();
  return blocks;
}

/** One line's inline markup: bold, links, bare URLs; the rest is text. */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const text = (value: string): void => {
    if (value) out.push({ kind: 'text', text: value });
  };
  for (const match of line.matchAll(INLINE)) {
    const [whole, bold, label, href, bare] = match;
    text(line.slice(last, match.index));
    // Bold text holds no "*", so inside it only links and bare URLs are found.
    if (bold !== undefined) out.push({ kind: 'strong', children: parseInline(bold) });
    else if (label !== undefined && href !== undefined)
      out.push({ kind: 'link', href, bare: false, children: [{ kind: 'text', text: label }] });
    else if (bare !== undefined) out.push(bareLink(bare));
    last = match.index + whole.length;
  }
  text(line.slice(last));
  return out;
}

function bareLink(url: string): Inline {
  return { kind: 'link', href: url, bare: true, children: [{ kind: 'text', text: url }] };
}
