export { eventually } from '../../helpers/time.ts';
import { randomUUID } from 'node:crypto';
import { FAKE_TEAM, FakeSlack, signedHeaders } from '../../helpers/fake-slack.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const AGENT_CHANNEL = 'C0AGENTS';

/** A hamdel server with Slack on (HTTP mode) against a fake Slack Web API. */
export async function startSlackServer(env: Record<string, string> = {}, clock?: Clock) {
  const slack = await FakeSlack.start();
  const server = await startTestServer({
    ...(clock ? { clock } : {}),
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_AGENT_CHANNEL: AGENT_CHANNEL,
      ...env,
    },
  });
  return { slack, server };
}

/** Posts a signed Events API envelope, as Slack does. */
export async function postEvent(
  server: TestServer,
  event: Record<string, unknown>,
  options: { eventId?: string; retryNum?: number; secret?: string } = {},
): Promise<Response> {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: FAKE_TEAM,
    api_app_id: 'A0HAMDEL',
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: FAKE_TEAM, user_id: 'U0BOT', is_bot: true }],
    event,
  });
  const headers: Record<string, string> = signedHeaders(
    options.secret ?? SIGNING_SECRET,
    body,
    'application/json',
  );
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(`${server.url}/slack/events`, { method: 'POST', headers, body });
}

/** Presses a button, as Slack posts a block_actions payload (a form with one `payload` field). */
export async function pressButton(
  server: TestServer,
  o: {
    user: string;
    channel: string;
    messageTs: string;
    threadTs?: string;
    actionId: string;
    value: string;
    label?: string;
  },
): Promise<Response> {
  const payload = {
    type: 'block_actions',
    team: { id: FAKE_TEAM, domain: 'hamdel' },
    user: { id: o.user, team_id: FAKE_TEAM, name: o.user.toLowerCase() },
    api_app_id: 'A0HAMDEL',
    token: 'legacy',
    trigger_id: `trigger-${randomUUID()}`,
    container: {
      type: 'message',
      message_ts: o.messageTs,
      channel_id: o.channel,
      is_ephemeral: false,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    },
    channel: { id: o.channel, name: 'channel' },
    message: {
      type: 'message',
      ts: o.messageTs,
      text: 'message',
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      blocks: [],
    },
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'block',
        value: o.value,
        text: { type: 'plain_text', text: o.label ?? o.value },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return fetch(`${server.url}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'),
    body,
  });
}

/** A direct message from a customer to the app (message.im). */
export function directMessage(user: string, text: string, ts = `${Date.now() / 1000}`) {
  return { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts, team: FAKE_TEAM };
}
