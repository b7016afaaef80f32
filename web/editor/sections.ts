/**
 * The workspace's sections in the order of its navigation, each `#<name>`: one line per section, its
 * view in its own file.
 */
import { renderArticles } from './articles-view.ts';
import type { Section } from './context.ts';
import { renderInbox } from './inbox-view.ts';

export const SECTIONS: Readonly<Record<string, Section>> = {
  articles: renderArticles,
  inbox: renderInbox,
};
