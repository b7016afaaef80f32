import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { HamdelError } from '../../core/errors.ts';
import { claimDelivery } from '../claim-delivery.ts';
import type { SlackEnvelope } from './slack-events.ts';
import type { SlackState } from './slack-state.ts';

/** How long an event stays claimed by a process that died while handling it (Slack retries after 1 and 5 min). */
const EVENT_CLAIM_MS = 30_000;

/**
 * Bolt global middleware: each Events API delivery is handled once across every process. Its `event_id`
 * (the same on Slack's retries, which carry `x-slack-retry-num`) is claimed before the listeners run,
 * confirmed (24 h) once they are done, and freed if one of them failed, so that Slack's next delivery is
 * handled; the receiver answers Slack only after this (500 on a failure: Slack delivers again). A delivery
 * that comes while another process still handles the same event waits a moment for it, then is answered
 * 500 (DELIVERY_BUSY) so Slack tries again later; a process that died mid-event leaves a claim that expires.
 */
export function dedupeEvents(state: SlackState, log: Logger): Middleware<AnyMiddlewareArgs> {
  const events = state.seen('event', { ttlSeconds: 86_400, claimMs: EVENT_CLAIM_MS });
  return async ({ body, context, next }) => {
    const eventId = (body as SlackEnvelope).event_id;
    if (!eventId) return next();
    const claim = await claimDelivery(events, eventId, { waitMs: 1_500 });
    if (claim === 'done') {
      log.info({ eventId, retryNum: context.retryNum }, 'Slack: repeated delivery dropped');
      return;
    }
    if (claim === 'busy') {
      throw new HamdelError('DELIVERY_BUSY', 'Another process is still handling this Slack event.', {
        eventId,
      });
    }
    try {
      await next();
    } catch (error) {
      await events.forget(eventId).catch(() => undefined);
      throw error;
    }
    await events.confirm(eventId);
  };
}
