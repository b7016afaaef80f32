import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlack, type SlackSideOptions } from '../../../src/adapters/slack/slack-side.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { LRI, PDI, RLM } from '../../../src/language/bidi.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../../helpers/redis.ts';
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { signedHeaders } from '../../helpers/fake-slack.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import {
  AGENT_CHANNEL,
  directMessage,
  eventually,
  postEvent,
  pressButton,
  SIGNING_SECRET,
  startSlackServer,
} from './slack-fixture.ts';

describe('Slack as a customer channel (real Bolt, fake Web API, real Redis)', () => {
  let slack: FakeSlack;
  let server: TestServer;

  beforeEach(async () => {
    ({ slack, server } = await startSlackServer());
  });
  afterEach(async () => {
    await server.close();
    await slack.close();
  });

  const dmPosts = (user: string) =>
    slack.callsOf('chat.postMessage').filter((c) => c.args.channel === `D${user}`);

  it("answers Slack's URL verification and refuses a bad signature with 401", async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const ok = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, body, 'application/json'),
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'abc123' });

    const forged = await postEvent(server, directMessage('U0EVE', 'hello'), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, body, 'application/json', Math.floor(Date.now() / 1000) - 3600),
      body,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${server.url}/slack/events`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(dmPosts('U0EVE')).toHaveLength(0);
  });

  it('acknowledges at once and works afterwards (Slack is slow to take the reply)', async () => {
    const release = slack.hold('chat.postMessage');
    const response = await postEvent(server, directMessage('U0FAY', 'How can I reset my password?'));
    expect(response.status).toBe(200); // answered while the reply is still on its way
    expect(dmPosts('U0FAY')).toHaveLength(0);
    release();
    await eventually(() => dmPosts('U0FAY').length > 0, 'the reply once Slack answers');
  });

  it('handles a message delivered twice (same event id, retry header) once', async () => {
    const event = directMessage('U0ANA', 'How can I reset my password?');
    const first = await postEvent(server, event, { eventId: 'Ev0DUPLICATE' });
    expect(first.status).toBe(200);
    await eventually(() => dmPosts('U0ANA').length > 0, 'the reply');
    const repliesAfterFirst = dmPosts('U0ANA').length;
    const retry = await postEvent(server, event, { eventId: 'Ev0DUPLICATE', retryNum: 1 });
    expect(retry.status).toBe(200);
    // A later message proves the retry had its chance to be handled (turns are handled in order).
    await postEvent(server, directMessage('U0ANA', 'thanks'));
    const transcript = await eventually(async () => {
      const t = await transcriptOf(server, 'slack-T0HAMDEL-U0ANA');
      return (
        t.some((e) => e.text === 'thanks') &&
        t.filter((e) => e.author.kind !== 'customer').length > repliesAfterFirst &&
        t
      );
    }, 'the second message handled');
    expect(transcript.filter((e) => e.text === 'How can I reset my password?')).toHaveLength(1);
  });

  it('answers a DM in the DM, offers choices as buttons, and takes a pressed choice as the message', async () => {
    const response = await postEvent(server, directMessage('U0BEN', 'problem'));
    expect(response.status).toBe(200);
    const offer = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0BEN' &&
        JSON.stringify(c.args.blocks).includes('hamdel_choice_0'),
      'a reply with buttons',
    );
    expect(offer.token).toBe('xoxb-test-token');
    const actions = (
      offer.args.blocks as { type: string; elements?: { value: string; text: { text: string } }[] }[]
    ).find((b) => b.type === 'actions');
    const button = actions?.elements?.[0];
    expect(button).toMatchObject({ value: '#person', text: { text: 'Talk to a person' } });

    const before = dmPosts('U0BEN').length;
    const press = await pressButton(server, {
      user: 'U0BEN',
      channel: 'DU0BEN',
      messageTs: '1700009999.000100',
      actionId: 'hamdel_choice_0',
      value: button?.value ?? '',
      label: button?.text.text ?? '',
    });
    expect(press.status).toBe(200);
    await eventually(() => dmPosts('U0BEN').length > before, 'the answer to the pressed choice');
    const transcript = await eventually(async () => {
      const t = await transcriptOf(server, 'slack-T0HAMDEL-U0BEN');
      return t.some((e) => e.author.kind === 'customer' && e.text.includes('person')) && t;
    }, 'the choice in the transcript');
    expect(transcript.filter((e) => e.author.kind === 'customer')).toHaveLength(2);
    // the pressed message lost its buttons
    await slack.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === '1700009999.000100',
      'buttons removed',
    );
  });

  it('a customer who asks for a person sees their place in one message, edited in place; the escalation names them', async () => {
    await postEvent(server, directMessage('U0CAT', 'I want to talk to a person'));
    const notice = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0CAT' &&
        JSON.stringify(c.args.blocks).includes('#cancel-wait'),
      'the place-in-line notice',
    );
    const escalation = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === AGENT_CHANNEL &&
        JSON.stringify(c.args.blocks).includes('slack-T0HAMDEL-U0CAT'),
      'the escalation',
    );
    expect(JSON.stringify(escalation.args.blocks)).toContain('*Customer:* <@U0CAT>');
    expect(JSON.stringify(escalation.args.blocks)).toContain('*Channel:* slack');

    const conversation = await eventually(
      async () => (await storeOf(server).get('slack-T0HAMDEL-U0CAT')) ?? undefined,
      'the conversation',
    );
    await server.hamdel.turns.settled(); // the notice's ts is remembered once Slack has answered the post
    await server.hamdel.channels.showWait(conversation, { position: 1, text: 'You are next in line.' });
    const edit = await slack.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === notice.result.ts,
      'the notice edited',
    );
    expect(edit.args).toMatchObject({ channel: 'DU0CAT', text: 'You are next in line.' });
    expect(JSON.stringify(edit.args.blocks)).toContain('#cancel-wait');
  });

  it('lays out a Persian answer with its phone number and e-mail isolated, and sends links as <url|label>', async () => {
    await postEvent(server, directMessage('U0PAR', 'شماره تماس پشتیبانی چیه؟'));
    const answer = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0PAR' &&
        JSON.stringify(c.args.blocks).includes('+971'),
      'the contact answer',
    );
    const mrkdwn = sectionText(answer.args.blocks);
    expect(mrkdwn).toContain(`*تلفن:* ${LRI}+971 4 555 0100${PDI}`);
    expect(mrkdwn).toContain(`*ایمیل:* ${LRI}support@tabasom.example${PDI}`);
    expect(mrkdwn).not.toContain('**');
    expect(String(answer.args.text)).toContain(`تلفن: ${LRI}+971 4 555 0100${PDI}`); // the notification

    // An agent's Markdown link reaches Slack as a link, not as raw Markdown; their Latin name stays whole.
    const { service, agents } = server.hamdel.human;
    await postEvent(server, directMessage('U0PAR', 'کارشناس'));
    await eventually(
      async () => (await storeOf(server).get('slack-T0HAMDEL-U0PAR'))?.state === 'waiting',
      'the customer in line',
    );
    const admin = await agents.create({
      id: 'admin',
      name: 'Admin',
      languages: ['fa'],
      capacity: 3,
      password: 'admin-password-123',
    });
    expect(await service.take(admin)).toMatchObject({ kind: 'taken' });
    const joined = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0PAR' &&
        String(c.args.text).includes('پیوست'),
      'the agent joined',
    );
    expect(JSON.stringify(joined.args.blocks)).toContain(
      JSON.stringify(`_${RLM}${LRI}Admin${PDI} از تیم پشتیبانی به گفت‌وگو پیوست._`),
    );
    await service.say(
      admin,
      'slack-T0HAMDEL-U0PAR',
      'سفارش ORD-12345 را از [صفحه پیگیری](https://tabasom.example/track?id=ORD-12345&lang=fa) ببینید.',
    );
    const reply = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'DU0PAR' &&
        String(c.args.text).includes('ORD-12345'),
      "the agent's reply",
    );
    expect(sectionText(reply.args.blocks)).toBe(
      `*Admin*\nسفارش ${LRI}ORD-12345${PDI} را از <https://tabasom.example/track?id=ORD-12345&amp;lang=fa|صفحه پیگیری> ببینید.`,
    );
  });

  it('rides out a 429 from Slack (Retry-After) and delivers the reply', async () => {
    slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    await postEvent(server, directMessage('U0DAN', 'How can I reset my password?'));
    await eventually(
      () =>
        slack.calls.some(
          (c) => c.method === 'chat.postMessage' && c.args.channel === 'DU0DAN' && c.result.ok === true,
        ),
      'a reply after the 429',
    );
    expect(slack.calls.some((c) => c.result.error === 'ratelimited')).toBe(true);
  });
});

describe('Slack settings', () => {
  it('refuses HTTP mode without a signing secret and Socket Mode without an app token', async () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', CONTENT_WATCH: 'false' };
    const start = (env: Record<string, string>) =>
      startSlack({ config: loadConfig({ ...base, ...env }) } as unknown as SlackSideOptions);
    await expect(start({})).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      context: { variables: ['SLACK_SIGNING_SECRET'] },
    });
    await expect(start({ SLACK_MODE: 'socket' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      context: { variables: ['SLACK_APP_TOKEN'] },
    });
    expect(await startSlack({ config: loadConfig({}) } as unknown as SlackSideOptions)).toBeUndefined();
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ SLACK_AGENT_CHANNEL: '#support' })).toThrow(/SLACK_AGENT_CHANNEL/);
  });
});

function storeOf(server: TestServer) {
  return new RedisConversationStore({ redis: shared(), prefix: server.prefix, clock: systemClock });
}

let sharedRedis: ReturnType<typeof connectRedis> | undefined;
function shared() {
  sharedRedis ??= connectRedis();
  return sharedRedis;
}
afterAll(() => sharedRedis?.disconnect());

/** The mrkdwn of a message's first section block. */
function sectionText(blocks: unknown): string {
  const list = (blocks ?? []) as { type: string; text?: { text?: string } }[];
  return list.find((block) => block.type === 'section')?.text?.text ?? '';
}

async function transcriptOf(server: TestServer, conversationId: string) {
  return storeOf(server).transcript(conversationId);
}
