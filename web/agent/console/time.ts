/** Durations in the console's language and digits. */
import { num, t } from './i18n.ts';

export { clockTime } from './i18n.ts';

/** "12s", "3m 05s", "1h 04m" (or "۳ د ۰۵ ث"): how long someone has waited. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('wait.seconds', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('wait.minutes', { m: minutes, s: localTwo(seconds % 60) });
  const hours = Math.floor(minutes / 60);
  return t('wait.hours', { h: hours, m: localTwo(minutes % 60) });
}

/** Two digits ("05", "۰۵"), in the console's digits. */
function localTwo(n: number): string {
  return num(n, { minimumIntegerDigits: 2, useGrouping: false });
}

/** Waits past these marks look more urgent in the line. */
export function waitUrgency(ms: number): 'normal' | 'long' | 'very-long' {
  if (ms >= 10 * 60_000) return 'very-long';
  if (ms >= 3 * 60_000) return 'long';
  return 'normal';
}

/** "2 min ago"-style text for an assignment time. */
export function sinceText(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return t('since.now');
  if (minutes < 60) return t('since.minutes', { m: minutes });
  return t('since.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
