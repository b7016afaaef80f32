/** Small shared pieces: the language badge and the reason chips (anger in red with its level). */
import type { Language } from '../../../src/core/language.ts';
import type { AngerAssessment, EscalationReason } from '../../../src/handoff/handoff-packet.ts';
import { h } from '../../widget/dom.ts';
import { num, t } from './i18n.ts';
import { angerLabel, languageName, reasonLabel } from './labels.ts';

export function languageBadge(language: Language): HTMLElement {
  return h(
    'span',
    { class: `lang-badge lang-${language}`, title: languageName(language) },
    language.toUpperCase(),
  );
}

export function reasonChips(
  reasons: readonly EscalationReason[],
  anger: AngerAssessment | undefined,
): HTMLElement {
  const list = h('ul', { class: 'chips', 'aria-label': t('packet.why') });
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
    { class: `chip anger ${anger.level}`, title: t('anger.score', { score: score(anger.score) }) },
    `${angerLabel(anger.level)} · ${score(anger.score)}`,
  );
}

function score(value: number): string {
  return num(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
