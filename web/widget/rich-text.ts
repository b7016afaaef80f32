/**
 * Message text to DOM: paragraphs, line breaks, "-" and "1." lists, **bold**, [links](https://...) and bare
 * URLs. Only text nodes and a few fixed elements are created, so no server text can inject markup.
 * `transform` changes how running text reads (Persian digits); URLs are left exactly as written.
 */
import { h } from './dom.ts';

type Transform = (text: string) => string;

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*[0-9\u06f0-\u06f9\u0660-\u0669]+[.)]\s+(.*)$/;
const INLINE =
  /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\(((?:https?:|mailto:|tel:)[^\s)]+)\)|(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]،؛])/g;

export function renderRichText(text: string, transform: Transform): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { element: HTMLUListElement | HTMLOListElement; kind: 'ul' | 'ol' } | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length === 0) return;
    const p = h('p');
    paragraph.forEach((line, index) => {
      if (index > 0) p.appendChild(h('br'));
      p.appendChild(renderInline(line, transform));
    });
    fragment.appendChild(p);
    paragraph = [];
  };

  for (const line of lines) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      flushParagraph();
      const kind = bullet ? 'ul' : 'ol';
      if (!list || list.kind !== kind) {
        list = { element: h(kind), kind };
        fragment.appendChild(list.element);
      }
      list.element.appendChild(h('li', {}, renderInline(item[1] ?? '', transform)));
      continue;
    }
    list = undefined;
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line.replace(/^#{1,6}\s+/, ''));
  }
  flushParagraph();
  return fragment;
}

function renderInline(text: string, transform: Transform): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, bold, label, href, bare] = match;
    fragment.append(transform(text.slice(last, match.index)));
    if (bold !== undefined) fragment.appendChild(h('strong', {}, transform(bold)));
    else if (label !== undefined && href !== undefined) fragment.appendChild(link(href, transform(label)));
    else if (bare !== undefined) fragment.appendChild(link(bare, bare));
    last = match.index + whole.length;
  }
  fragment.append(transform(text.slice(last)));
  return fragment;
}

function link(href: string, label: string): HTMLAnchorElement {
  const external = href.startsWith('http');
  return h(
    'a',
    {
      href,
      target: external ? '_blank' : undefined,
      rel: external ? 'noopener noreferrer' : undefined,
      dir: 'auto',
    },
    label,
  );
}
