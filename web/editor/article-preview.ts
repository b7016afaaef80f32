/**
 * The answer as the chat widget shows it: the same renderer (web/shared/rich-text.ts) with the same options
 * the widget's transcript passes (web/widget/transcript-view.ts: the language's direction when a block has
 * no letters, the reader's digits), in a bubble styled like the widget's (articles.css).
 */
import type { Language } from '../../src/core/language.ts';
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import { h } from '../shared/dom-builder.ts';
import { fillRichText } from '../shared/rich-text.ts';
import { displayText } from '../widget/format.ts';

/** A bot's message row, as in the widget; `draw` fills its bubble with a body. */
export function answerPreview(label: string): {
  element: HTMLElement;
  draw: (body: string, language: Language) => void;
} {
  const bubble = h('div', { class: 'text' });
  const element = h(
    'figure',
    { class: 'preview' },
    h('figcaption', { class: 'muted', text: label }),
    h('div', { class: 'row bot' }, bubble),
  );
  return {
    element,
    draw(body, language) {
      bubble.lang = language;
      fillRichText(bubble, body, {
        fallback: directionOfLanguage(language),
        transform: (part) => displayText(part, language),
      });
    },
  };
}
