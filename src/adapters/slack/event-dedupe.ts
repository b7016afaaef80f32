import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackEnvelope } from './slack-events.ts';
import type { SlackState } from './slack-state.ts';

/**
 * Bolt global middleware: an event delivered again (Slack retries when it did not hear back in 3 s, with
 * `x-slack-retry-num`) carries the same `event_id` and is dropped after the first (SET NX, 24 h), in every
 * process. Bolt has already acknowledged it, so Slack stops retrying.
 */
export function dedupeEvents(state: SlackState, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as SlackEnvelope).event_id;
    if (eventId && !(await state.once(`event:${eventId}`))) {
      log.info({ eventId, retryNum: context.retryNum }, 'Slack: repeated delivery dropped');
      return;
    }
    await next();
  };
}
