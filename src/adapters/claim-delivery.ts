import type { SeenOnce } from '../core/seen-once.ts';

/**
 * What a process may do with a platform's update or event: handle it ('claimed'; confirm or forget it
 * afterwards), drop it because it was handled already ('done'), or leave it to the platform's next delivery
 * because another process is still handling it ('busy').
 */
export type DeliveryClaim = 'claimed' | 'done' | 'busy';

export interface ClaimDeliveryOptions {
  /** How long to wait for another process's claim to be confirmed or freed before answering 'busy'. */
  readonly waitMs: number;
  /** Pause between looks at the other claim (default 50 ms). */
  readonly pollMs?: number;
}

/**
 * Claims a delivery id for this process. A repeated delivery that arrives while the first is still being
 * handled waits for it: if the first is confirmed, this one is dropped; if the first failed (or its process
 * died and the claim expired), this one takes over. Only a claim still open after `waitMs` answers 'busy',
 * and the caller then asks the platform to deliver again later (a non-2xx answer) instead of dropping it.
 */
export async function claimDelivery(
  seen: SeenOnce,
  id: string,
  options: ClaimDeliveryOptions,
): Promise<DeliveryClaim> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (await seen.claim(id)) return 'claimed';
    const status = await seen.status(id);
    if (status === 'done') return 'done';
    if (status === 'claimed') {
      if (Date.now() >= deadline) return 'busy';
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 50));
    }
    // Freed between the two looks: claim again.
  }
}
