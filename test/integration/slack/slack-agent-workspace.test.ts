import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackAgentLinks } from '../../../src/adapters/slack/agent-links.ts';
import type { FakeSlack, SlackCall } from '../../helpers/fake-slack.ts';
import { connectRedis } from '../../helpers/redis.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { AGENT_CHANNEL, eventually, postEvent, pressButton, startSlackServer } from './slack-fixture.ts';

const SARA = 'U0SARA';
const REZA = 'U0REZA';

describe('Slack as the agents’ workspace (real Bolt, fake Web API, real Redis and BullMQ)', () => {
  let slack: FakeSlack;
  let server: TestServer;
  let customer: WidgetTestClient | undefined;

  beforeEach(async () => {
    ({ slack, server } = await startSlackServer());
    await server.hamdel.human.agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      password: 'agent password 123',
    });
    await server.hamdel.human.agents.create({
      id: 'reza',
      name: 'رضا',
      languages: ['fa'],
      password: 'agent password 123',
    });
    const redis = connectRedis();
    await new SlackAgentLinks(redis, server.prefix).link(SARA, 'sara');
    await new SlackAgentLinks(redis, server.prefix).link(REZA, 'reza');
    redis.disconnect();
  });
  afterEach(async () => {
    customer?.close();
    await server.close();
    await slack.close();
  });

  const inAgentChannel = (c: SlackCall) => c.args.channel === AGENT_CHANNEL;
  const text = (c: SlackCall) => JSON.stringify(c.args.blocks ?? c.args.text);

  it('posts the escalation, lets the first agent take it, carries replies both ways, resolves to the survey', async () => {
    // A Persian customer in the web widget asks for a person.
    customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    customer.send({ type: 'hello' });
    const { conversationId, customerId, visitor } = await customer.welcome();
    await customer.say('سلام، میخوام با یه کارشناس صحبت کنم', 'fa-1');

    // The escalation is posted to the agents' channel with its packet and a Take button.
    const posted = await slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && inAgentChannel(c) && !c.args.thread_ts,
      'the escalation',
    );
    expect(text(posted)).toContain('*Language:* fa');
    expect(text(posted)).toContain('customer-asked');
    expect(text(posted)).toContain('*Channel:* web');
    expect(text(posted)).toContain('hamdel_take');
    expect(text(posted)).toContain(conversationId);
    // Agents see the visitor's display handle; what opens the chat never reaches Slack.
    expect(text(posted)).toContain(customerId);
    expect(text(posted)).not.toContain(visitor?.id);
    expect(text(posted)).not.toContain(visitor?.secret);
    const rootTs = String(posted.result.ts);
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && inAgentChannel(c) && !c.args.thread_ts),
    ).toHaveLength(1);

    // Someone without an agent account is told so, privately; the chat stays in line.
    const take = {
      channel: AGENT_CHANNEL,
      messageTs: rootTs,
      actionId: 'hamdel_take',
      value: conversationId,
    };
    expect((await pressButton(server, { ...take, user: 'U0STRANGER' })).status).toBe(200);
    const refusal = await slack.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.args.user === 'U0STRANGER',
      'the explanation',
    );
    expect(String(refusal.args.text)).toContain('not linked');
    expect(await server.hamdel.human.queue.waitingIds()).toContain(conversationId);

    // Sara takes it: the message says so, the thread gets Resolve and Release.
    expect((await pressButton(server, { ...take, user: SARA })).status).toBe(200);
    await slack.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === rootTs && text(c).includes('Taken by *سارا*'),
      'the escalation marked as taken',
    );
    const control = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && c.args.thread_ts === rootTs && text(c).includes('hamdel_resolve'),
      'the thread controls',
    );
    expect((await server.hamdel.human.queue.ticket(conversationId))?.agentId).toBe('sara');

    // Reza (linked to another agent) can neither release, resolve nor answer Sara's chat: he is told
    // privately (NOT_CHAT_HOLDER from the service), and nothing changes.
    const before = await server.hamdel.human.queue.ticket(conversationId);
    const transcriptBefore = (await server.hamdel.human.service.chat(conversationId))?.transcript.length;
    for (const actionId of ['hamdel_release', 'hamdel_resolve']) {
      const press = { channel: AGENT_CHANNEL, messageTs: String(control.result.ts), threadTs: rootTs };
      const response = await pressButton(server, { ...press, actionId, value: conversationId, user: REZA });
      expect(response.status).toBe(200);
      const verb = actionId === 'hamdel_release' ? 'release' : 'resolve';
      await slack.waitForCall(
        (c) =>
          c.method === 'chat.postEphemeral' &&
          c.args.user === REZA &&
          String(c.args.text).includes(`Only the agent who has this chat can ${verb} it`),
        `the ${verb} refusal`,
      );
    }
    const intrusion = {
      type: 'message',
      channel: AGENT_CHANNEL,
      channel_type: 'channel',
      user: REZA,
      text: 'من جواب میدم',
      ts: '1800000001.000100',
      thread_ts: rootTs,
    };
    expect((await postEvent(server, intrusion)).status).toBe(200);
    await slack.waitForCall(
      (c) =>
        c.method === 'chat.postEphemeral' &&
        c.args.user === REZA &&
        String(c.args.text).includes('did not reach the customer'),
      'the reply refusal',
    );
    expect(await server.hamdel.human.queue.ticket(conversationId)).toEqual(before);
    expect((await server.hamdel.human.service.chat(conversationId))?.transcript.length).toBe(
      transcriptBefore,
    );

    // Sara's reply in the thread reaches the customer under her name.
    const reply = {
      type: 'message',
      channel: AGENT_CHANNEL,
      channel_type: 'channel',
      user: SARA,
      text: 'سلام، سارا هستم. چطور کمکتون کنم؟',
      ts: '1800000001.000200',
      thread_ts: rootTs,
    };
    expect((await postEvent(server, reply)).status).toBe(200);
    const agentEntry = await customer.waitFor(
      (f) => f.type === 'entry' && f.entry.author.kind === 'agent' && f.entry.text.includes('سارا هستم'),
      10_000,
    );
    expect(agentEntry).toMatchObject({ entry: { author: { kind: 'agent', name: 'سارا' } } });

    // The customer's answer is mirrored into the thread (once).
    await customer.say('سفارشم هنوز نرسیده', 'fa-2');
    const mirrored = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === rootTs &&
        text(c).includes('سفارشم هنوز نرسیده'),
      'the mirrored customer message',
    );
    expect(text(mirrored)).toContain('Customer');
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && text(c).includes('سارا هستم')),
    ).toHaveLength(0);

    // Resolve: the customer gets the closing word and the 1-5 question; the escalation shows it is over.
    const resolve = {
      channel: AGENT_CHANNEL,
      messageTs: String(control.result.ts),
      threadTs: rootTs,
      actionId: 'hamdel_resolve',
      value: conversationId,
    };
    expect((await pressButton(server, { ...resolve, user: SARA })).status).toBe(200);
    const survey = await customer.waitFor(
      (f) => f.type === 'entry' && (f.entry.choices ?? []).some((c) => c.value === '#rate:5'),
      10_000,
    );
    expect(survey).toBeDefined();
    await slack.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === rootTs && text(c).includes('Resolved'),
      'resolved',
    );
    await eventually(
      () =>
        slack.calls.some(
          (c) =>
            c.method === 'chat.update' &&
            c.args.ts === control.result.ts &&
            !text(c).includes('hamdel_resolve'),
        ),
      'the controls closed',
    );
    expect(await server.hamdel.human.queue.ticket(conversationId)).toBeUndefined();
  });

  it('posts an escalation Slack refused at first (app not in the channel) on the next scan, once', async () => {
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    customer.send({ type: 'hello' });
    const one = (await customer.welcome()).conversationId;
    await customer.say('میخوام با یه کارشناس صحبت کنم', 'one-1');
    await slack.waitForCall((c) => c.result.error === 'not_in_channel', 'the refusal');

    const second = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    try {
      second.send({ type: 'hello' });
      const two = (await second.welcome()).conversationId;
      await second.say('میخوام با یه کارشناس صحبت کنم', 'two-1');
      const posted = (conversationId: string) =>
        slack.calls.filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            inAgentChannel(c) &&
            c.result.ok === true &&
            text(c).includes(conversationId),
        );
      await eventually(() => posted(one).length === 1 && posted(two).length === 1, 'both escalations posted');
      expect(posted(one)).toHaveLength(1);
    } finally {
      second.close();
    }
  });

  it('shows a chat taken in the console as taken, and mirrors console replies into the thread', async () => {
    customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say('میخوام با یه کارشناس صحبت کنم', 'console-1');
    const root = await slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && inAgentChannel(c) && text(c).includes(conversationId),
      'the escalation',
    );
    const rootTs = String(root.result.ts);
    const { service, agents } = server.hamdel.human;
    const sara = await agents.get('sara');
    if (!sara) throw new Error('no sara');
    expect((await service.take(sara)).kind).toBe('taken'); // as "Take next" in the console does
    await slack.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === rootTs && text(c).includes('Taken by *سارا*'),
      'taken in the console, shown in Slack',
    );
    await service.say(sara, conversationId, 'از کنسول می‌نویسم', 'console-ref-1');
    const mirrored = await slack.waitForCall(
      (c) => c.args.thread_ts === rootTs && text(c).includes('از کنسول می‌نویسم'),
      'the console reply mirrored',
    );
    expect(text(mirrored)).toContain('(console)');
    // Take pressed in Slack now: the presser learns who has it
    const take = {
      channel: AGENT_CHANNEL,
      messageTs: rootTs,
      actionId: 'hamdel_take',
      value: conversationId,
    };
    await pressButton(server, { ...take, user: SARA });
    const note = await slack.waitForCall((c) => c.method === 'chat.postEphemeral', 'the note');
    expect(note.args.text).toBe('You already have this chat.');
  });
});
