/**
 * Line charts with chart.js: only the parts the dashboard draws are imported and registered (a line per
 * series over days, a legend and tooltips). Numbers on the axes in the reader's digits; in right-to-left
 * languages the days run from right to left and the legend reads right to left.
 */
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { directionOf, formatNumber, type UiLanguage } from '../shared/locale.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

export interface Series {
  readonly label: string;
  /** One value per day; null where there is no figure. */
  readonly values: readonly (number | null)[];
  readonly dashed?: boolean;
}

const COLOURS = ['#3454d1', '#138a52', '#c8281c', '#b26b00', '#7a3fb8', '#00838f', '#5d6b82'];

/**
 * Draws (or redraws) a line chart on the canvas; returns the chart so it can be destroyed. `onPick` hears
 * which series and day the reader pressed (the nearest point on that day).
 */
export function lineChart(
  canvas: HTMLCanvasElement,
  language: UiLanguage,
  days: readonly string[],
  series: readonly Series[],
  onPick?: (series: number, day: number) => void,
): Chart<'line'> {
  const rtl = directionOf(language) === 'rtl';
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: [...days],
      datasets: series.map((s, i) => {
        const colour = COLOURS[Math.floor(i / (series.some((x) => x.dashed) ? 2 : 1)) % COLOURS.length];
        return {
          label: s.label,
          data: [...s.values],
          borderColor: colour,
          backgroundColor: colour,
          borderDash: s.dashed ? [6, 4] : [],
          spanGaps: true,
          tension: 0.2,
        };
      }),
    },
    options: {
      animation: false,
      interaction: { mode: 'nearest', intersect: false },
      onClick: (_event, elements) => {
        const [nearest] = elements;
        if (nearest && onPick) onPick(nearest.datasetIndex, nearest.index);
      },
      onHover: (event, elements) => {
        const target = event.native?.target;
        if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : '';
      },
      responsive: true,
      maintainAspectRatio: false,
      locale: language,
      scales: {
        x: { reverse: rtl },
        y: {
          beginAtZero: true,
          position: rtl ? 'right' : 'left',
          ticks: {
            callback: (value) => formatNumber(Number(value), language, { maximumFractionDigits: 2 }),
          },
        },
      },
      plugins: {
        legend: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
        tooltip: {
          rtl,
          textDirection: rtl ? 'rtl' : 'ltr',
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(Number(item.parsed.y), language)}`,
          },
        },
      },
    },
  });
}
