/**
 * A message as plain text (for a channel that refused its formatting, notification previews, anywhere
 * markup cannot go): bullets as "•", bold as its words, a link as "label (address)" with the address
 * isolated (its address alone when the label says the same), isolates and direction marks kept (line-renderer.ts).
 */
import { LRI, PDI } from '../language/bidi.ts';
import { bulletOf, renderLines, type LineSyntax } from './line-renderer.ts';
import type { RichText } from './rich-text.ts';

export const PLAIN_SYNTAX: LineSyntax = {
  text: (text) => text,
  strong: (inner) => inner,
  link: (href, label, labelText, bare) => {
    const address = href.replace(/^(?:mailto|tel):/, '');
    return bare || labelText === address || labelText === href ? label : `${label} (${LRI}${address}${PDI})`;
  },
  heading: (inner) => inner,
  itemStart: bulletOf,
};

export function renderPlainText(message: RichText): string {
  return renderLines(message, PLAIN_SYNTAX).join('\n');
}
