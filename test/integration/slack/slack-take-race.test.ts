import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import type { FakeSlack, SlackCall } from '../../helpers/fake-slack.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import {
  AGENT_CHANNEL,
  eventually,
  postEvent,
  pressButton,
  SIGNING_SECRET,
  startSlackServer,
} from './slack-fixture.ts';

const AGENTS = { U0SARA: 'sara', U0REZA: 'reza' } as const;

describe('two hamdel processes, two Slack agents pressing Take at once', () => {
  let slack: FakeSlack;
  let a: TestServer;
  let b: TestServer;
  let customer: WidgetTestClient | undefined;

  beforeEach(async () => {
    ({ slack, server: a } = await startSlackServer());
    b = await startTestServer({
      prefix: a.prefix,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_AGENT_CHANNEL: AGENT_CHANNEL,
      },
    });
    const agents = a.hamdel.human.agents;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: 'agent password 123' });
    await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: 'agent password 123' });
    const redis = connectRedis();
    const links = new SlackAgentLinks(redis, a.prefix);
    for (const [user, agent] of Object.entries(AGENTS)) await links.link(user, agent);
    redis.disconnect();
  });
  afterEach(async () => {
    customer?.close();
    await b.close({ keepData: true });
    await a.close();
    await slack.close();
  });

  const text = (c: SlackCall) => JSON.stringify(c.args.blocks ?? c.args.text);
  const roots = () =>
    slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args.channel === AGENT_CHANNEL && !c.args.thread_ts,
    );

  it('posts once, gives the chat to exactly one agent, and a released chat can be taken again', async () => {
    customer = await WidgetTestClient.connect(a.url, { lang: 'fa' });
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say('میخوام با یه کارشناس صحبت کنم', 'race-1');
    const root = await slack.waitForCall((c) => roots().includes(c), 'the escalation');
    const rootTs = String(root.result.ts);

    const take = {
      channel: AGENT_CHANNEL,
      messageTs: rootTs,
      actionId: 'hamdel_take',
      value: conversationId,
    };
    const [sara, reza] = await Promise.all([
      pressButton(a, { ...take, user: 'U0SARA' }),
      pressButton(b, { ...take, user: 'U0REZA' }),
    ]);
    expect([sara.status, reza.status]).toEqual([200, 200]);
    const refused = await slack.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('took this chat first'),
      'the loser told',
    );
    const ticket = await eventually(async () => {
      const t = await a.hamdel.human.queue.ticket(conversationId);
      return t?.status === 'assigned' && t;
    }, 'the ticket assigned');
    const winner = ticket.agentId === 'sara' ? 'U0SARA' : 'U0REZA';
    const loser = winner === 'U0SARA' ? 'U0REZA' : 'U0SARA';
    expect(refused.args.user).toBe(loser);
    expect(slack.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(1);
    const control = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && c.args.thread_ts === rootTs && text(c).includes('hamdel_release'),
      'the thread controls',
    );
    expect(roots()).toHaveLength(1);

    // The loser cannot answer in the thread: told privately, nothing reaches the customer.
    const stray = {
      type: 'message',
      channel: AGENT_CHANNEL,
      channel_type: 'channel',
      user: loser,
      text: 'من هم هستم',
      ts: '1800000002.000100',
      thread_ts: rootTs,
    };
    await postEvent(b, stray);
    await slack.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.args.user === loser && c.args.thread_ts === rootTs,
      'not yours',
    );

    // The winner releases: the chat is back in line, the message offers Take again, and the other agent takes it.
    const release = {
      channel: AGENT_CHANNEL,
      messageTs: String(control.result.ts),
      threadTs: rootTs,
      actionId: 'hamdel_release',
      value: conversationId,
    };
    await pressButton(b, { ...release, user: winner });
    await eventually(
      async () => (await a.hamdel.human.queue.waitingIds()).includes(conversationId),
      'back in line',
    );
    await slack.waitForCall(
      (c) =>
        c.method === 'chat.update' && c.args.ts === control.result.ts && !text(c).includes('hamdel_release'),
      'the controls closed',
    );
    await eventually(() => {
      const updates = slack.calls.filter((c) => c.method === 'chat.update' && c.args.ts === rootTs);
      return updates.length > 1 && text(updates[updates.length - 1] as SlackCall).includes('hamdel_take');
    }, 'Take offered again');
    await pressButton(a, { ...take, user: loser });
    await eventually(
      async () => (await a.hamdel.human.queue.ticket(conversationId))?.agentId === AGENTS[loser],
      'taken by the other',
    );

    // A thread reply Slack delivers twice (a retry with the same event id) reaches the customer once.
    const reply = {
      type: 'message',
      channel: AGENT_CHANNEL,
      channel_type: 'channel',
      user: loser,
      text: 'در خدمتم',
      ts: '1800000003.000100',
      thread_ts: rootTs,
    };
    await postEvent(a, reply, { eventId: 'Ev0REPLY' });
    await postEvent(b, reply, { eventId: 'Ev0REPLY', retryNum: 1 });
    await customer.waitFor((f) => f.type === 'entry' && f.entry.text === 'در خدمتم', 10_000);
    await customer.say('ممنون', 'race-2');
    await slack.waitForCall((c) => c.args.thread_ts === rootTs && text(c).includes('ممنون'), 'mirrored');
    expect(customer.frames.filter((f) => f.type === 'entry' && f.entry.text === 'در خدمتم')).toHaveLength(1);
    expect(slack.calls.filter((c) => c.args.thread_ts === rootTs && text(c).includes('ممنون'))).toHaveLength(
      1,
    );
    expect(roots()).toHaveLength(1);
  });
});
