/**
 * The period at a glance: the figures of the chosen period and filter (one GET /api/reports/summary), each a
 * button that opens the conversations behind it (conversations-dialog.ts): volume, the bot's share, questions
 * it could not answer, escalations and each reason, angry customers, departures from the line, SLA breaches,
 * ratings and comments, and the four durations (median, and how many).
 */
import { h } from '../shared/dom-builder.ts';
import { formatNumber } from '../shared/locale.ts';
import type { Figures } from './api.ts';
import type { DashboardContext } from './context.ts';
import { duration } from './live-view.ts';
import type { WordKey } from './words.ts';

/** One figure: its path in the summary (what the list is asked for), its words and its value. */
interface GlanceFigure {
  readonly metric: string;
  readonly label: string;
  readonly value: string;
  /** Under the value, smaller: a share, how many a median is of. */
  readonly note?: string;
}

const REASON_WORDS: Readonly<Record<string, WordKey>> = {
  'customer-asked': 'reason_customer_asked',
  anger: 'reason_anger',
  'repeated-failure': 'reason_repeated_failure',
  'needs-person': 'reason_needs_person',
};

function figuresOf(f: Figures, ctx: DashboardContext): GlanceFigure[] {
  const n = (value: number) => formatNumber(value, ctx.language);
  const rate = (count: number, share: number | null) => ({
    value: n(count),
    ...(share === null ? {} : { note: ctx.t('note_rate', { rate: Math.round(share * 1000) / 10 }) }),
  });
  const median = (d: Figures['wait']) =>
    d.count === 0 || d.medianMs === null
      ? { value: n(0) }
      : { value: duration(d.medianMs, ctx), note: ctx.t('note_counted', { n: d.count }) };
  const reasons = Object.entries(f.escalationsByReason)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => ({
      metric: `escalationsByReason.${reason}`,
      label: ctx.t('fig_reason', { reason: REASON_WORDS[reason] ? ctx.t(REASON_WORDS[reason]) : reason }),
      value: n(count),
    }));
  return [
    { metric: 'volume.conversations', label: ctx.t('fig_conversations'), value: n(f.volume.conversations) },
    {
      metric: 'deflection.botResolved',
      label: ctx.t('fig_bot_resolved'),
      ...rate(f.deflection.botResolved, f.deflection.rate),
    },
    { metric: 'volume.unanswered', label: ctx.t('fig_unanswered'), value: n(f.volume.unanswered) },
    { metric: 'volume.escalations', label: ctx.t('fig_escalations'), value: n(f.volume.escalations) },
    ...reasons,
    {
      metric: 'anger.angryConversations',
      label: ctx.t('fig_angry'),
      ...rate(f.anger.angryConversations, f.anger.rate),
    },
    { metric: 'volume.leftLine', label: ctx.t('fig_left_line'), value: n(f.volume.leftLine) },
    { metric: 'sla.breaches', label: ctx.t('fig_sla'), value: n(f.sla.breaches) },
    {
      metric: 'csat.ratings',
      label: ctx.t('fig_ratings'),
      ...(f.csat.average === null
        ? { value: n(0) }
        : {
            value: ctx.t('value_average', {
              average: formatNumber(f.csat.average, ctx.language, { maximumFractionDigits: 2 }),
            }),
            note: ctx.t('note_ratings', { n: f.csat.ratings }),
          }),
    },
    { metric: 'csat.comments', label: ctx.t('fig_comments'), value: n(f.csat.comments) },
    { metric: 'firstResponse.count', label: ctx.t('fig_first_response'), ...median(f.firstResponse) },
    { metric: 'wait.count', label: ctx.t('fig_wait'), ...median(f.wait) },
    { metric: 'handle.count', label: ctx.t('fig_handle'), ...median(f.handle) },
    { metric: 'resolution.count', label: ctx.t('fig_resolution'), ...median(f.resolution) },
  ];
}

/** The figures as buttons; `open` is told which figure (path and words) and which button asked. */
export function glance(
  figures: Figures,
  ctx: DashboardContext,
  open: (metric: string, label: string, opener: HTMLElement) => void,
): HTMLElement {
  return h(
    'section',
    { class: 'glance', attrs: { 'aria-labelledby': 'glance-title' } },
    h('h3', { text: ctx.t('glance'), attrs: { id: 'glance-title' } }),
    h('p', { class: 'muted', text: ctx.t('glance_hint') }),
    h(
      'div',
      { class: 'glance-figures' },
      ...figuresOf(figures, ctx).map((figure) => {
        const button: HTMLButtonElement = h(
          'button',
          {
            class: 'figure',
            attrs: { type: 'button', 'data-metric': figure.metric },
            on: { click: () => open(figure.metric, figure.label, button) },
          },
          h('span', { class: 'label', text: figure.label }),
          h('strong', { class: 'value', text: figure.value }),
          figure.note ? h('small', { class: 'note', text: figure.note }) : null,
        );
        return button;
      }),
    ),
  );
}
