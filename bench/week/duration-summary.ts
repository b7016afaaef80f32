/**
 * A list of durations summed up as the reports show them, from the rule docs/reports.md gives (written here
 * again, not taken from src/reports): each duration (whole ms) falls in a bucket that grows by 1.25 from
 * 1 s (bucket 0 up to 1 s; bucket b holds more than 1.25^(b-1) s up to 1.25^b s; bucket 80 everything
 * longer); a percentile is the nearest-rank one (the ceil(q·n)-th shortest duration) shown as its
 * bucket's geometric middle (500 ms for bucket 0), rounded to the ms; the mean is exact, rounded.
 */
export interface DurationSummary {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  readonly meanMs: number | null;
}

const LAST_BUCKET = 80;

/** Upper bounds of buckets 0..79 (ms). */
const BOUNDS: readonly number[] = Array.from({ length: LAST_BUCKET }, (_, b) => 1000 * 1.25 ** b);

export function bucketFor(ms: number): number {
  for (let b = 0; b < LAST_BUCKET; b += 1) if (ms <= (BOUNDS[b] as number)) return b;
  return LAST_BUCKET;
}

export function shownValue(bucket: number): number {
  return bucket === 0 ? 500 : Math.round(1000 * 1.25 ** (bucket - 0.5));
}

function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return shownValue(bucketFor(sorted[rank - 1] as number));
}

export function summarize(durations: readonly number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    meanMs: sorted.length > 0 ? Math.round(sum / sorted.length) : null,
  };
}
