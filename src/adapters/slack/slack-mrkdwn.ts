/**
 * Text as Slack's mrkdwn, through the one Markdown core (src/rich-text): **bold** as *bold*, links as
 * <url|label> (bare URLs as <url>), lists with "•" or their numbers, headings bold; `&`, `<` and `>`
 * escaped. Each line reads in its own direction, with left-to-right runs in Persian and Arabic isolated
 * (LRI ... PDI) and a direction mark where a line would otherwise start the wrong way.
 */
import type { Language } from '../../core/language.ts';
import { directionOfLanguage, layOutLine, layOutText } from '../../rich-text/bidi-layout.ts';
import { bulletOf, renderLines, type LineSyntax } from '../../rich-text/line-renderer.ts';
import { escapeSlack } from './slack-text.ts';

export const SLACK_MRKDWN: LineSyntax = {
  text: escapeSlack,
  strong: (inner) => `*${inner}*`,
  // A "|" would end the address part of a link; in a label it is shown as a look-alike.
  link: (href, label, _labelText, bare) =>
    bare ? `<${escapeSlack(href)}>` : `<${escapeSlack(href)}|${label.replace(/\|/g, '∣')}>`,
  heading: (inner) => `*${inner}*`,
  itemStart: bulletOf,
};

/** A message's Markdown as mrkdwn, laid out for a reader of `language`. */
export function mrkdwn(text: string, language: Language): string {
  return renderLines(layOutText(text, { fallback: directionOfLanguage(language) }), SLACK_MRKDWN).join('\n');
}

/** One line of plain text (a name, a summary; not read as Markdown) as mrkdwn, laid out the same way. */
export function mrkdwnLine(text: string, language: Language): string {
  return renderLines(layOutLine(text, { fallback: directionOfLanguage(language) }), SLACK_MRKDWN).join(' ');
}
