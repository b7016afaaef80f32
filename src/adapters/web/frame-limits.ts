import type { RateVerdict, RedisRateLimit } from '../../core/redis-rate-limit.ts';

/** The widget frames a customer sends. */
export type FrameKind = 'say' | 'hello' | 'typing';

export const FRAME_KINDS: readonly FrameKind[] = ['say', 'hello', 'typing'];

/** The rate limiter's key counting one customer's frames of one kind. */
export function frameLimitKey(kind: FrameKind, customerId: string): string {
  return `frame:${kind}:${customerId}`;
}

/**
 * Limits on what one customer sends, over all their connections and every process: a customer who opens
 * many tabs (or a script that opens many sockets) gets no more than one customer's share.
 */
export interface FrameLimits {
  take(kind: FrameKind, customerId: string): Promise<RateVerdict>;
}

/** Frame limits counted in Redis with hamdel's one rate limiter; `perMinute` 0 leaves a kind unlimited. */
export function redisFrameLimits(
  limiter: RedisRateLimit,
  perMinute: Readonly<Record<FrameKind, number>>,
  windowMs = 60_000,
): FrameLimits {
  return {
    take: (kind, customerId) => limiter.hit(frameLimitKey(kind, customerId), perMinute[kind], windowMs),
  };
}

/** No limits (a library user's own set-up, tests of other parts). */
export const NO_FRAME_LIMITS: FrameLimits = {
  take: async () => ({ allowed: true, retryAfterSeconds: 0 }),
};
