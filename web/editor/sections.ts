/**
 * The workspace's sections in the order of its navigation, each `#<name>`: one line per section, its
 * view in its own file.
 */
import { renderArticles } from './articles-view.ts';
import type { Section } from './context.ts';
import { renderHealth } from './health-view.ts';
import { styleSection } from './style-section.ts';
import { renderInbox } from './inbox-view.ts';
import { renderTry } from './try-view.ts';

export const SECTIONS: Readonly<Record<string, Section>> = {
  articles: renderArticles,
  try: renderTry,
  inbox: renderInbox,
  health: renderHealth,
  style: styleSection,
};
