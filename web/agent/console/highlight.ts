/**
 * Marks the anger detector's evidence words where they occur in rendered text (<mark>), so the agent sees
 * what set it off. Works on text nodes only: the markup around them is left as it is.
 */
import { t } from './i18n.ts';
import type { AngerAssessment } from '../../../src/handoff/handoff-packet.ts';

/** The evidence words of every reason, longest first, without blanks or repeats. */
export function evidenceTerms(anger: AngerAssessment | undefined): string[] {
  if (!anger) return [];
  const terms = new Set<string>();
  for (const reason of anger.reasons) {
    for (const word of reason.evidence) {
      const trimmed = word.trim();
      if (trimmed.length > 0) terms.add(trimmed);
    }
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Wraps each occurrence of `terms` under `root` in <mark class="evidence">. */
export function highlightTerms(root: Node, terms: readonly string[]): void {
  if (terms.length === 0) return;
  const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'giu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const text = node.data;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      fragment.append(text.slice(last, match.index));
      const mark = document.createElement('mark');
      mark.className = 'evidence';
      mark.title = t('anger.evidence');
      mark.textContent = match[0];
      fragment.append(mark);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    node.replaceWith(fragment);
  }
}
