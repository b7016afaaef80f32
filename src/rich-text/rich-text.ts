/**
 * The small tree every message's text becomes before a channel shows it: the Markdown subset articles,
 * catalogs, canned replies and agents write (paragraphs and line breaks, "#" headings, "-" and "1." lists,
 * **bold**, [links](https://...) and bare URLs). One parser makes it (`parse-markdown.ts`), one pass gives
 * every block its direction and isolates the runs that read the other way (`bidi-layout.ts`), and each
 * channel has an output: the widget's and consoles' DOM (web/shared/rich-text.ts), Telegram's HTML,
 * Slack's mrkdwn and plain text (all three through `line-renderer.ts`).
 */
import type { Direction } from '../language/bidi.ts';

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  /** `bare`: a URL written as it is, shown as written (no digit change, no label). */
  | {
      readonly kind: 'link';
      readonly href: string;
      readonly bare: boolean;
      readonly children: readonly Inline[];
    }
  /** A hard line break inside a paragraph. */
  | { readonly kind: 'break' }
  /** A run laid out in its own direction (made by the bidi layout, never by the parser). */
  | { readonly kind: 'isolate'; readonly direction: Direction; readonly children: readonly Inline[] };

export interface ListItem {
  /** 0 for a top-level item; an item indented by two spaces or more is nested one level deeper. */
  readonly depth: number;
  /** An ordered item's number as written ("1.", "۲)"); '' in a bulleted list. */
  readonly marker: string;
  readonly children: readonly Inline[];
}

interface BlockBase {
  /** A blank line came before this block in the source (plain-text channels keep it). */
  readonly spaced: boolean;
  /** The block's base direction (set by the bidi layout). */
  readonly direction?: Direction;
}

export type Block =
  | (BlockBase & { readonly kind: 'paragraph'; readonly children: readonly Inline[] })
  | (BlockBase & { readonly kind: 'heading'; readonly level: number; readonly children: readonly Inline[] })
  | (BlockBase & { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly ListItem[] });

export interface RichText {
  readonly blocks: readonly Block[];
  /** The whole message's base direction (set by the bidi layout). */
  readonly direction?: Direction;
}

/** The text a reader sees in some inlines, without any markup (link targets left out). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.kind) {
        case 'text':
          return inline.text;
        case 'break':
          return '\n';
        default:
          return inlineText(inline.children);
      }
    })
    .join('');
}

/** The text a reader sees in a block. */
export function blockText(block: Block): string {
  return block.kind === 'list'
    ? block.items.map((item) => inlineText(item.children)).join('\n')
    : inlineText(block.children);
}
