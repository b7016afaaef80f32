/** Durations and clock times in the agent's (English) interface. */
import { displayTime } from '../../widget/format.ts';

/** "12s", "3m 05s", "1h 04m": how long someone has waited. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Waits past these marks look more urgent in the line. */
export function waitUrgency(ms: number): 'normal' | 'long' | 'very-long' {
  if (ms >= 10 * 60_000) return 'very-long';
  if (ms >= 3 * 60_000) return 'long';
  return 'normal';
}

/** "14:05", or "3 Dec, 14:05" on another day, in the agent's time zone. */
export function clockTime(at: number, now: number = Date.now()): string {
  return displayTime(at, 'en', now);
}

/** "2 min ago"-style text for an assignment time. */
export function sinceText(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}
