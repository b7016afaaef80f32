/**
 * Durations are counted in fixed log-spaced buckets so that the buckets of any hours or days can be added
 * and a median or 90th percentile read from the sum. Bucket 0 holds up to 1 s; bucket b (1..MAX) holds
 * (1 s * GROWTH^(b-1), 1 s * GROWTH^b]; the last one holds everything longer. A percentile is reported as
 * its bucket's geometric middle, so it is within a factor sqrt(GROWTH) (about ±12 %) of the true value
 * (0.5 s for bucket 0). Means are exact (sums and counts are kept beside the buckets).
 */
export const GROWTH = 1.25;
export const MAX_BUCKET = 80; // 1 s * 1.25^80: about 660 days
const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of a duration (ms). */
export function bucketOf(ms: number): number {
  if (!(ms > 1000)) return 0;
  const b = Math.ceil(Math.log(ms / 1000) / LOG_GROWTH - 1e-9);
  return Math.min(MAX_BUCKET, Math.max(1, b));
}

/** The value a bucket stands for (ms): its geometric middle. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 500;
  return 1000 * GROWTH ** (bucket - 0.5);
}

/** The `q` quantile (0..1) of the counts by bucket, or undefined when there are none. */
export function quantile(counts: ReadonlyMap<number, number>, q: number): number | undefined {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket) ?? 0;
    if (seen >= rank) return Math.round(bucketValue(bucket));
  }
  return undefined;
}
