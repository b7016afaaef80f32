/**
 * The unanswered inbox over real turns (a real server: turn queue, turn runner, dialog engine, real Redis
 * under a random prefix) and its editor API: each kind of failed question is recorded once per turn,
 * alike questions of different customers are grouped and different ones kept apart, statuses behave
 * (an ignored group stays ignored, a done group reopens when the question keeps failing), "new since your
 * last visit", roles and bad input, the audit log, and the per-article helpful rates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/core/message.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { RedisConversationEvents } from '../../../src/conversations/redis-conversation-events.ts';
import { ConversationWriter } from '../../../src/conversations/conversation-writer.ts';
import { DialogEngine } from '../../../src/dialogs/dialog-engine.ts';
import { createTurnRunner } from '../../../src/dialogs/turn-runner.ts';
import type { CommittedTurn } from '../../../src/dialogs/dialog-observer.ts';
import type { InboxGroupView } from '../../../src/inbox/unanswered-inbox.ts';
import { InboxKeys } from '../../../src/inbox/inbox-keys.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { movableClock } from '../../helpers/time.ts';

const PASSWORD = 'editor password 123';

describe('the unanswered inbox over real turns', () => {
  let server: TestServer;
  let redis: ReturnType<typeof connectRedis>;
  let cookie: string;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0));
  let counter = 0;

  beforeEach(async () => {
    server = await startTestServer({ clock, env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' } });
    redis = connectRedis();
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'ed', name: 'Ed', role: 'editor', languages: ['en'], password: PASSWORD });
    await agents.create({ id: 'ana', name: 'Ana', languages: ['en'], password: PASSWORD });
    cookie = await signIn('ed');
  });
  afterEach(async () => {
    redis.disconnect();
    await server.close();
  });

  async function signIn(id: string): Promise<string> {
    const response = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const found = /hamdel_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    if (!found) throw new Error('no session cookie');
    return found;
  }

  const call = async (method: string, path: string, body?: unknown, as = cookie) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        cookie: as,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const inbox = async (query = 'language=en&status=all') => {
    const { status, body } = await call('GET', `/api/editor/inbox?${query}`);
    expect(status).toBe(200);
    return body as { lastVisit: number | null; groups: InboxGroupView[]; total: number };
  };

  /** A customer's message through the real turn queue; waits for the inbox's write. */
  const say = async (customer: string, text: string, messageId = `m${++counter}`) => {
    const message: InboundMessage = {
      direction: 'in',
      channel: 'http',
      conversationId: `http-${customer}`,
      customer: { id: customer },
      text,
      sentAt: clock.now(),
      platformMessageId: messageId,
      raw: { text },
      languageHint: 'en',
    };
    const outcome = await server.hamdel.turns.submit(message);
    await server.hamdel.inbox.recorder.flush();
    clock.advance(1_000);
    return outcome.replies;
  };
  const groupWith = (groups: readonly InboxGroupView[], text: string) =>
    groups.find((g) => g.examples.some((e) => e.text === text));

  it('records each kind of failed question from real turns, with the article the bot gave', async () => {
    // No answer.
    const none = await say('c1', 'Can you recommend a good recipe for lasagna?');
    expect(none.some((r) => r.meta?.kind === 'no-answer')).toBe(true);
    // Choices, then "none of these".
    const clarify = await say('c2', 'do you accept bitcoin');
    expect(clarify.some((r) => r.meta?.kind === 'clarify')).toBe(true);
    await say('c2', '#none');
    // An answer, then "I want a person".
    const answered = await say('c3', 'How long does delivery take?');
    expect(answered.at(-1)?.text).toBe('Did this answer help?');
    await say('c3', 'I want to talk to a real person');
    // An answer, then No to "did this help?".
    await say('c4', 'How do I reset my password?');
    await say('c4', '#helpful:no');
    // An answer, a Yes: nothing failed.
    await say('c5', 'How much is delivery?');
    await say('c5', '#helpful:yes');

    const { groups, total } = await inbox();
    expect(total).toBe(4);
    expect(groupWith(groups, 'Can you recommend a good recipe for lasagna?')).toMatchObject({
      kinds: { 'no-answer': 1 },
      articles: [],
      count: 1,
      customers: 1,
      status: 'new',
    });
    expect(groupWith(groups, 'do you accept bitcoin')?.kinds).toEqual({ 'none-of-these': 1 });
    expect(groupWith(groups, 'How long does delivery take?')).toMatchObject({
      kinds: { 'answered-then-person': 1 },
      articles: [{ id: 'delivery-times', count: 1, title: expect.any(String) }],
    });
    expect(groupWith(groups, 'How do I reset my password?')).toMatchObject({
      kinds: { 'answered-then-unhelpful-vote': 1 },
      articles: [{ id: 'password-reset', count: 1 }],
    });
    // Editors read questions, never conversations or customers.
    expect(JSON.stringify(groups)).not.toMatch(/http-c\d|"c\d"/);
  });

  it('records a turn once: a repeated delivery, a turn run again, an observer told twice', async () => {
    await say('d1', 'Can you recommend a good recipe for lasagna?', 'same-id');
    await say('d1', 'Can you recommend a good recipe for lasagna?', 'same-id'); // delivered again
    expect((await inbox()).groups[0]?.count).toBe(1);

    // The same message run again by a second runner over the same storage, as after a crash: the turn is
    // found committed and finished, not run anew; and an observer told twice writes once.
    const { knowledge, catalog } = await sampleContent();
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
    const events = new RedisConversationEvents({ redis, subscriber: connectRedis(), prefix: server.prefix });
    const told: CommittedTurn[] = [];
    const runner = createTurnRunner({
      store,
      events,
      writer: new ConversationWriter({ store, events }),
      engine: new DialogEngine({ knowledge: () => knowledge, catalog: () => catalog, clock }),
      clock,
      observer: {
        turnCommitted(turn) {
          told.push(turn);
          server.hamdel.inbox.recorder.turnCommitted(turn);
          server.hamdel.inbox.recorder.turnCommitted(turn);
        },
      },
    });
    const message: InboundMessage = {
      direction: 'in',
      channel: 'http',
      conversationId: 'http-d2',
      customer: { id: 'd2' },
      text: 'what is a good recipe for lasagna',
      sentAt: clock.now(),
      platformMessageId: 'crash-1',
      raw: {},
    };
    await runner(message);
    await runner(message);
    await server.hamdel.inbox.recorder.flush();
    await events.close();
    expect(told).toHaveLength(1);
    const keys = new InboxKeys(server.prefix);
    expect(await redis.xlen(keys.occurrences('en'))).toBe(2);
    const [lasagna] = (await inbox()).groups;
    expect(lasagna).toMatchObject({ count: 2, customers: 2 });
  });

  it('groups alike questions across customers and keeps different ones apart', async () => {
    await say('g1', 'wher is my pakage');
    await say('g1', '#helpful:no');
    await say('g2', 'where is my package?');
    await say('g2', 'that did not help');
    await say('g3', 'where is my package?');
    await say('g3', 'I want a real person');
    await say('g4', 'Can you recommend a good recipe for lasagna?');
    await say('g5', 'Can I pay with bitcoin?');

    const { groups } = await inbox();
    const packages = groupWith(groups, 'wher is my pakage');
    expect(packages).toMatchObject({ count: 3, customers: 3, question: 'where is my package?' });
    expect(packages?.examples).toEqual([
      { text: 'where is my package?', count: 2 },
      { text: 'wher is my pakage', count: 1 },
    ]);
    expect(packages?.kinds).toEqual({
      'answered-then-unhelpful-vote': 2, // "that did not help" while the question was open is a No
      'answered-then-person': 1,
    });
    expect(packages?.articles).toMatchObject([{ id: 'order-tracking', count: 3 }]);
    const others = groups.filter((g) => g !== packages);
    expect(others.map((g) => g.question).sort()).toEqual([
      'Can I pay with bitcoin?',
      'Can you recommend a good recipe for lasagna?',
    ]);
    expect(others.every((g) => g.count === 1)).toBe(true);
  });

  it('ignores, marks done (with the article) and reopens when the question keeps failing', async () => {
    await say('s1', 'Can you recommend a good recipe for lasagna?');
    await say('s2', 'Can I pay with bitcoin?');
    const { groups } = await inbox();
    const lasagna = groupWith(groups, 'Can you recommend a good recipe for lasagna?');
    const bitcoin = groupWith(groups, 'Can I pay with bitcoin?');
    if (!lasagna || !bitcoin) throw new Error('groups missing');

    const ignored = await call('POST', `/api/editor/inbox/${lasagna.id}/ignore`, {});
    expect(ignored).toMatchObject({ status: 200, body: { group: { status: 'ignored', statusBy: 'ed' } } });
    await say('s3', 'what is a good recipe for lasagna');
    expect((await inbox('language=en')).groups.map((g) => g.id)).toEqual([bitcoin.id]); // new only
    const stillIgnored = groupWith(
      (await inbox('language=en&status=ignored')).groups,
      'Can you recommend a good recipe for lasagna?',
    );
    expect(stillIgnored).toMatchObject({ status: 'ignored', count: 2 });

    const done = await call('POST', `/api/editor/inbox/${bitcoin.id}/done`, { articleId: 'payment-methods' });
    expect(done.body.group).toMatchObject({ status: 'done', addedTo: 'payment-methods' });
    // A failure within a minute of the fix (the article reloading) does not count.
    await say('s6', 'Can I pay with bitcoin?');
    clock.advance(60_000);
    // One failure after the fix: still done; a second customer's: open again.
    await say('s4', 'Can I pay with bitcoin?');
    expect((await call('GET', `/api/editor/inbox/${bitcoin.id}`)).body.group).toMatchObject({
      status: 'done',
    });
    await say('s4', 'can i pay with bitcoin'); // the same customer again does not count twice
    expect((await call('GET', `/api/editor/inbox/${bitcoin.id}`)).body.group).toMatchObject({
      status: 'done',
    });
    await say('s5', 'Can I pay with bitcoin?');
    expect((await call('GET', `/api/editor/inbox/${bitcoin.id}`)).body.group).toMatchObject({
      status: 'new',
      reopened: true,
      statusBy: '',
      count: 5,
    });
    // An ignored group put back by hand.
    const back = await call('POST', `/api/editor/inbox/${lasagna.id}/reopen`, {});
    expect(back.body.group).toMatchObject({ status: 'new', reopened: false });

    const audit = await server.hamdel.human.audit.list();
    expect(audit.map((e) => [e.action, e.target, e.by])).toEqual([
      ['inbox-reopened', lasagna.id, 'ed'],
      ['inbox-done', bitcoin.id, 'ed'],
      ['inbox-ignored', lasagna.id, 'ed'],
    ]);
    expect(audit[1]?.details).toEqual({ language: 'en', from: 'new', articleId: 'payment-methods' });
  });

  it('marks what is new since the editor’s last visit', async () => {
    await say('v1', 'Can you recommend a good recipe for lasagna?');
    const first = await inbox();
    expect(first.lastVisit).toBeNull();
    expect(first.groups[0]).toMatchObject({ isNew: true, newCount: 1 });
    const visit = await call('POST', '/api/editor/inbox/visit', {});
    expect(visit.body).toEqual({ previous: null, at: expect.any(Number) });

    clock.advance(60_000);
    await say('v2', 'what is a good recipe for lasagna');
    await say('v3', 'Can I pay with bitcoin?');
    const second = await inbox();
    expect(second.lastVisit).toBe(visit.body.at);
    expect(groupWith(second.groups, 'Can you recommend a good recipe for lasagna?')).toMatchObject({
      isNew: false,
      newCount: 1,
      count: 2,
    });
    expect(groupWith(second.groups, 'Can I pay with bitcoin?')).toMatchObject({ isNew: true, newCount: 1 });
    // Visits are each editor's own.
    const other = await signIn('ed');
    expect((await call('GET', '/api/editor/inbox', undefined, other)).body.lastVisit).toBe(visit.body.at);
  });

  it('refuses the wrong role and bad input, and loses nothing', async () => {
    await say('r1', 'Can you recommend a good recipe for lasagna?');
    const agent = await signIn('ana');
    expect((await call('GET', '/api/editor/inbox', undefined, agent)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await call('GET', '/api/editor/inbox', undefined, '')).status).toBe(401);
    const [group] = (await inbox()).groups;
    if (!group) throw new Error('no group');
    expect((await call('POST', `/api/editor/inbox/${group.id}/ignore`, {}, agent)).status).toBe(403);

    for (const query of ['language=de', 'status=open', 'limit=0', 'limit=abc']) {
      const bad = await call('GET', `/api/editor/inbox?${query}`);
      expect(bad, query).toMatchObject({ status: 400, body: { code: 'INBOX_QUERY_INVALID' } });
    }
    const badArticle = await call('POST', `/api/editor/inbox/${group.id}/done`, { articleId: '../etc' });
    expect(badArticle.body.code).toBe('INBOX_QUERY_INVALID');
    for (const id of ['en-999999', 'xx-1', 'nonsense']) {
      const missing = await call('POST', `/api/editor/inbox/${id}/ignore`, {});
      expect(missing, id).toMatchObject({ status: 404, body: { code: 'INBOX_GROUP_NOT_FOUND' } });
    }
    const crossSite = await fetch(`${server.url}/api/editor/inbox/${group.id}/ignore`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    expect((await inbox()).groups[0]).toMatchObject({ id: group.id, status: 'new', count: 1 });
  });

  it('offers the bot’s own articles for a group, and finds others by words', async () => {
    await say('a1', 'wher is my pakage');
    await say('a1', 'I want a real person');
    const [group] = (await inbox()).groups;
    const own = await call('GET', `/api/editor/inbox/${group?.id}/articles`);
    const articles = own.body.articles as { id: string; chosen?: number; score?: number }[];
    expect(articles[0]).toMatchObject({ id: 'order-tracking', chosen: 1 });
    expect(articles.length).toBeGreaterThan(1);
    const searched = await call('GET', `/api/editor/inbox/${group?.id}/articles?q=warranty`);
    expect((searched.body.articles as { id: string }[]).map((a) => a.id)).toContain('warranty');
  });

  it('exports and erases a customer’s questions, grouped or not, and keeps everyone else’s', async () => {
    await server.hamdel.human.agents.create({
      id: 'root',
      name: 'Root',
      role: 'admin',
      languages: ['en'],
      password: PASSWORD,
    });
    const admin = await signIn('root');
    await say('e1', 'Can you recommend a good recipe for lasagna?');
    await say('e2', 'what is a good recipe for lasagna');
    expect((await inbox()).groups[0]).toMatchObject({ count: 2, customers: 2 }); // grouped now
    await say('e1', 'Can I pay with bitcoin?'); // not grouped yet

    const exported = await call('GET', '/api/admin/customers/http:e1/export', undefined, admin);
    const questions = (exported.body.unanswered as { q: string; conv: string }[]).map((u) => [u.q, u.conv]);
    expect(questions).toEqual([
      ['Can you recommend a good recipe for lasagna?', 'http-e1'],
      ['Can I pay with bitcoin?', 'http-e1'],
    ]);
    expect((await call('DELETE', '/api/admin/customers/http:e1', undefined, admin)).status).toBe(200);

    const { groups } = await inbox();
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      question: 'what is a good recipe for lasagna',
      examples: [{ text: 'what is a good recipe for lasagna', count: 1 }],
      count: 1,
      customers: 1,
      kinds: { 'no-answer': 1 },
    });
    const keys = new InboxKeys(server.prefix);
    const left = await redis.xrange(keys.occurrences('en'), '-', '+');
    expect(JSON.stringify(left)).not.toContain('e1');
    expect(left).toHaveLength(1);
  });

  it('counts Yes and No per article over a period, worst rate first', async () => {
    for (const [customer, question, vote] of [
      ['h1', 'How long does delivery take?', 'yes'],
      ['h2', 'How long does delivery take?', 'no'],
      ['h3', 'How long does delivery take?', 'yes'],
      ['h4', 'How do I reset my password?', 'no'],
      ['h5', 'How do I reset my password?', 'no'],
    ] as const) {
      await say(customer, question);
      await say(customer, `#helpful:${vote}`);
    }
    const { status, body } = await call('GET', '/api/editor/helpful?language=en&days=7');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      days: 7,
      articles: [
        { id: 'password-reset', language: 'en', yes: 0, no: 2, rate: 0 },
        { id: 'delivery-times', language: 'en', yes: 2, no: 1, rate: 2 / 3 },
      ],
    });
    expect((body.articles as { title?: string }[])[0]?.title).toBeTruthy();
    // Another language has none; a week later the period has moved on.
    expect((await call('GET', '/api/editor/helpful?language=fa')).body.articles).toEqual([]);
    clock.advance(8 * 86_400_000);
    cookie = await signIn('ed'); // the old session ended after 7 days
    expect((await call('GET', '/api/editor/helpful?days=7')).body.articles).toEqual([]);
    expect((await call('GET', '/api/editor/helpful?days=9')).body.articles).toHaveLength(2);
    expect((await call('GET', '/api/editor/helpful?days=0')).body.code).toBe('INBOX_QUERY_INVALID');
  });
});
