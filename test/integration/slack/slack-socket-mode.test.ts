import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_TEAM, type FakeSlack } from '../../helpers/fake-slack.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { directMessage, eventually, startSlackServer } from './slack-fixture.ts';

describe('Slack in Socket Mode (development): the real Bolt Socket Mode client against the fake', () => {
  let slack: FakeSlack;
  let server: TestServer;

  beforeEach(async () => {
    ({ slack, server } = await startSlackServer({ SLACK_MODE: 'socket', SLACK_APP_TOKEN: 'xapp-1-test' }));
  });
  afterEach(async () => {
    await server.close();
    await slack.close();
  });

  it('connects out with the app token, acknowledges events, answers in the DM, drops a redelivery', async () => {
    const open = await slack.waitForCall((c) => c.method === 'apps.connections.open', 'the connection');
    expect(open.token).toBe('xapp-1-test');
    const envelope = {
      team_id: FAKE_TEAM,
      api_app_id: 'A0HAMDEL',
      type: 'event_callback',
      event_id: 'Ev0SOCKET',
      event_time: Math.floor(Date.now() / 1000),
      event: directMessage('U0SOK', 'How can I reset my password?'),
    };
    const ack = await slack.sendEnvelope('events_api', envelope);
    expect(ack).toHaveProperty('envelope_id');
    const reply = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0SOK' &&
        String(c.args.text).includes('password'),
      'the answer',
    );
    expect(reply.token).toBe('xoxb-test-token');
    await slack.sendEnvelope('events_api', envelope, 1); // acked again, handled once
    await slack.sendEnvelope('events_api', {
      ...envelope,
      event_id: 'Ev0SOCKET2',
      event: directMessage('U0SOK', 'thanks'),
    });
    const redis = connectRedis();
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const transcript = await eventually(async () => {
      const t = await store.transcript(`slack-${FAKE_TEAM}-U0SOK`);
      const thanks = t.findIndex((e) => e.text === 'thanks');
      return thanks >= 0 && t.slice(thanks + 1).some((e) => e.author.kind !== 'customer') && t;
    }, 'the second message answered');
    redis.disconnect();
    expect(transcript.filter((e) => e.text === 'How can I reset my password?')).toHaveLength(1);
    // no HTTP endpoint in Socket Mode
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
