/**
 * Message text to DOM for the widget and the consoles, through the one Markdown core (src/rich-text):
 * paragraphs and line breaks, lists, headings, **bold**, [links](https://...) and bare URLs. Each message
 * and each block gets `dir` from its own words; a run that reads the other way (a phone number, an e-mail
 * address, a Latin name in Persian or Arabic) is a `<bdi dir>`, so it keeps its own order and the words
 * around it keep theirs. Only text nodes and a few fixed elements are made, so no text can inject markup,
 * and no invisible characters are added to what a reader copies.
 */
import { layOutLine, layOutText, type LayoutOptions } from '../../src/rich-text/bidi-layout.ts';
import type { Block, Inline, RichText } from '../../src/rich-text/rich-text.ts';
import { h, type Props } from './dom-builder.ts';

/** Fills `container` with a message's Markdown text and sets its `dir` to the message's direction. */
export function fillRichText(container: HTMLElement, text: string, options: LayoutOptions): void {
  const message = layOutText(text, options);
  setDirection(container, message);
  container.replaceChildren(...message.blocks.map(blockElement));
}

/**
 * Fills `element` with one line of plain text (a notice, a preview, a name; not read as Markdown), its
 * `dir` from its own words, runs that read the other way in `<bdi>`.
 */
export function fillBidiText(element: HTMLElement, text: string, options: LayoutOptions): void {
  const message = layOutLine(text, options);
  setDirection(element, message);
  const block = message.blocks[0];
  element.replaceChildren(...(block && block.kind === 'paragraph' ? inlineNodes(block.children) : []));
}

/** A new `tag` element holding one line of plain text, laid out as `fillBidiText` does. */
export function bidiElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text: string,
  options: LayoutOptions,
  props: Props = {},
): HTMLElementTagNameMap[K] {
  const element = h(tag, props);
  fillBidiText(element, text, options);
  return element;
}

function setDirection(element: HTMLElement, message: RichText): void {
  element.dir = message.direction ?? 'auto';
}

function blockElement(block: Block): HTMLElement {
  const attrs = { dir: block.direction ?? 'auto' };
  switch (block.kind) {
    case 'paragraph':
      return h('p', { attrs }, ...inlineNodes(block.children));
    case 'heading':
      return h('p', { attrs, class: 'heading' }, h('strong', {}, ...inlineNodes(block.children)));
    case 'list':
      return h(
        block.ordered ? 'ol' : 'ul',
        { attrs, class: numbering(block.items[0]?.marker ?? '') },
        ...block.items.map((item) =>
          h('li', item.depth > 0 ? { class: `depth-${item.depth}` } : {}, ...inlineNodes(item.children)),
        ),
      );
  }
}

/** An ordered list counts in the digits its numbers are written in (after the reader's digits were applied). */
function numbering(marker: string): string {
  if (/[\u06F0-\u06F9]/.test(marker)) return 'digits-persian';
  if (/[\u0660-\u0669]/.test(marker)) return 'digits-arabic';
  return '';
}

function inlineNodes(inlines: readonly Inline[]): Node[] {
  return inlines.map((inline): Node => {
    switch (inline.kind) {
      case 'text':
        return document.createTextNode(inline.text);
      case 'break':
        return h('br');
      case 'strong':
        return h('strong', {}, ...inlineNodes(inline.children));
      case 'isolate':
        return h('bdi', { attrs: { dir: inline.direction } }, ...inlineNodes(inline.children));
      case 'link': {
        const external = /^https?:/.test(inline.href);
        const attrs: Record<string, string> = { href: inline.href };
        if (external) Object.assign(attrs, { target: '_blank', rel: 'noopener noreferrer' });
        return h('a', { attrs }, ...inlineNodes(inline.children));
      }
    }
  });
}
