/** Small shared pieces: the language badge and the reason chips (anger in red with its level). */
import type { Language } from '../../../src/core/language.ts';
import type { AngerAssessment, EscalationReason } from '../../../src/handoff/handoff-packet.ts';
import { h } from '../../widget/dom.ts';
import { ANGER_LABELS, LANGUAGE_NAMES, reasonLabel } from './labels.ts';

export function languageBadge(language: Language): HTMLElement {
  return h(
    'span',
    { class: `lang-badge lang-${language}`, title: LANGUAGE_NAMES[language] },
    language.toUpperCase(),
  );
}

export function reasonChips(
  reasons: readonly EscalationReason[],
  anger: AngerAssessment | undefined,
): HTMLElement {
  const list = h('ul', { class: 'chips', 'aria-label': 'Why it came' });
  for (const reason of reasons) {
    if (reason === 'anger') continue;
    list.appendChild(h('li', { class: `chip reason-${reason}` }, reasonLabel(reason)));
  }
  if (anger && (reasons.includes('anger') || anger.level !== 'calm')) {
    list.prepend(angerChip(anger));
  } else if (reasons.includes('anger')) {
    list.prepend(h('li', { class: 'chip anger angry' }, reasonLabel('anger')));
  }
  return list;
}

export function angerChip(anger: AngerAssessment): HTMLElement {
  return h(
    'li',
    { class: `chip anger ${anger.level}`, title: `Anger score ${anger.score.toFixed(2)}` },
    `${ANGER_LABELS[anger.level]} · ${anger.score.toFixed(2)}`,
  );
}
