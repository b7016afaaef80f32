/**
 * Directions for a parsed message (rich-text.ts), by the rules of src/language/bidi.ts: the message and
 * each block read in the direction of their own words (not the page's, not the conversation's), a block
 * without letters reads like the message, a message without letters in `fallback`; inside a block, every
 * run that reads the other way (a phone number, an e-mail address, a Latin name or product term in
 * Persian or Arabic, a Persian name in English) becomes an `isolate` node. Renderers only draw the result.
 */
import { isRtl, type Language } from '../core/language.ts';
import { foreignRuns, textDirection, type Direction } from '../language/bidi.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { blockText, inlineText, type Block, type Inline, type RichText } from './rich-text.ts';

export interface LayoutOptions {
  /** The direction of a message without letters (its language's, e.g. 'rtl' for Persian). */
  readonly fallback: Direction;
  /** How running text and list numbers read (the reader's digits); link targets and bare URLs are left as written. */
  readonly transform?: (text: string) => string;
}

/** Parses `text` and lays it out: the one way every channel turns a message's text into a tree to draw. */
export function layOutText(text: string, options: LayoutOptions): RichText {
  return layOut(parseMarkdown(text), options);
}

/** One line of plain text (a name, a notice; not read as Markdown), laid out like a message. */
export function layOutLine(text: string, options: LayoutOptions): RichText {
  return layOut([{ kind: 'paragraph', spaced: false, children: [{ kind: 'text', text }] }], options);
}

/** The direction a language writes in: a message without letters reads so. */
export function directionOfLanguage(language: Language): Direction {
  return isRtl(language) ? 'rtl' : 'ltr';
}

export function layOut(parsed: readonly Block[], options: LayoutOptions): RichText {
  const transform = options.transform;
  const blocks = transform ? parsed.map((block) => transformBlock(block, transform)) : parsed;
  const direction = textDirection(blocks.map(blockText).join('\n')) ?? options.fallback;
  return {
    direction,
    blocks: blocks.map((block) => {
      const own = textDirection(blockText(block)) ?? direction;
      return block.kind === 'list'
        ? {
            ...block,
            direction: own,
            items: block.items.map((item) => ({ ...item, children: isolate(item.children, own) })),
          }
        : { ...block, direction: own, children: isolate(block.children, own) };
    }),
  };
}

/** Inlines with every run that reads against `base` isolated. */
export function isolate(inlines: readonly Inline[], base: Direction): Inline[] {
  return inlines.flatMap((inline): Inline[] => {
    switch (inline.kind) {
      case 'text':
        return isolateText(inline.text, base);
      case 'strong':
        return [{ ...inline, children: isolate(inline.children, base) }];
      case 'link': {
        const own = inline.bare ? 'ltr' : textDirection(inlineText(inline.children));
        if (own === undefined || own === base)
          return [{ ...inline, children: isolate(inline.children, base) }];
        return [
          {
            kind: 'isolate',
            direction: own,
            children: [{ ...inline, children: isolate(inline.children, own) }],
          },
        ];
      }
      default:
        return [inline];
    }
  });
}

function isolateText(text: string, base: Direction): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const run of foreignRuns(text, base)) {
    if (run.start > last) out.push({ kind: 'text', text: text.slice(last, run.start) });
    out.push({
      kind: 'isolate',
      direction: run.direction,
      children: [{ kind: 'text', text: text.slice(run.start, run.end) }],
    });
    last = run.end;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function transformBlock(block: Block, transform: (text: string) => string): Block {
  const inlines = (list: readonly Inline[]): Inline[] =>
    list.map((inline) => transformInline(inline, transform));
  return block.kind === 'list'
    ? {
        ...block,
        items: block.items.map((item) => ({
          ...item,
          marker: transform(item.marker),
          children: inlines(item.children),
        })),
      }
    : { ...block, children: inlines(block.children) };
}

function transformInline(inline: Inline, transform: (text: string) => string): Inline {
  switch (inline.kind) {
    case 'text':
      return { kind: 'text', text: transform(inline.text) };
    case 'link':
      return inline.bare
        ? inline
        : { ...inline, children: inline.children.map((c) => transformInline(c, transform)) };
    case 'strong':
    case 'isolate':
      return { ...inline, children: inline.children.map((c) => transformInline(c, transform)) };
    default:
      return inline;
  }
}
