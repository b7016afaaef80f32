/**
 * The editor's try and health APIs on a real server with real Redis: only editors and admins pass; the
 * preview says what a widget customer actually gets for the same first question; a draft changes the
 * draft's outcome only; a draft that cannot be read is refused with the parser's reason; the health
 * report is computed once per knowledge base snapshot.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TryResponse } from '../../../src/editor/try-routes.ts';
import type { HealthResponse } from '../../../src/editor/health-routes.ts';
import { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const PW = 'editor-password-123';
let server: TestServer;
let editor: string;
let admin: string;
let agent: string;
let catalog: MessageCatalog;

async function signIn(id: string): Promise<string> {
  const response = await fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password: PW }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call<T = Record<string, unknown>>(
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as T };
}

beforeAll(async () => {
  catalog = await MessageCatalog.load(`${CONTENT_DIR}messages`);
  server = await startTestServer();
  const agents = server.hamdel.human.agents;
  await agents.create({ id: 'ed', name: 'ویراستار', role: 'editor', languages: ['fa'], password: PW });
  await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PW });
  await agents.create({ id: 'sara', name: 'Sara', role: 'agent', languages: ['ar'], password: PW });
  [editor, admin, agent] = await Promise.all([signIn('ed'), signIn('boss'), signIn('sara')]);
});

afterAll(async () => {
  await server?.close();
});

describe('POST /api/editor/try', () => {
  it('is for editors and admins only', async () => {
    const body = { question: 'سفارشم کجاست' };
    expect((await call('', 'POST', '/api/editor/try', body)).json).toMatchObject({ code: 'AUTH_REQUIRED' });
    const refused = await call(agent, 'POST', '/api/editor/try', body);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect((await call(editor, 'POST', '/api/editor/try', body)).status).toBe(200);
    expect((await call(admin, 'POST', '/api/editor/try', body)).status).toBe(200);
  });

  it('says what a widget customer gets for the same first question, upset or not', async () => {
    for (const question of ['سفارشم کجاست', 'ما وصلتش الطلبية', 'هوای تهران فردا چطوره']) {
      const { json } = await call<TryResponse>(editor, 'POST', '/api/editor/try', { question });
      const client = await WidgetTestClient.connect(server.url);
      client.send({ type: 'hello' });
      await client.welcome();
      const frames = await client.say(question, randomUUID());
      await client.close();
      const replies = frames.flatMap((f) =>
        f.type === 'entry' && f.entry.author.kind === 'bot'
          ? [
              {
                text: f.entry.text,
                ...(f.entry.choices ? { choices: f.entry.choices.map((c) => c.label) } : {}),
              },
            ]
          : [],
      );
      // The widget's new chat is greeted first (unless the customer is upset); the preview's chat already was.
      const greeting = catalog.text(json.published.language, 'greeting');
      expect(json.published.reply, question).toEqual(replies.filter((r) => r.text !== greeting));
      expect(json.draft).toBeUndefined();
    }
  });

  it("answers against a draft beside the published base, and the draft only changes the draft's answer", async () => {
    const question = 'پول برگشت';
    const file = readFileSync(`${CONTENT_DIR}articles/fa/refunds.md`, 'utf8');
    const text = file.replace('questions:\n', `questions:\n  - ${question}\n`);
    const { status, json } = await call<TryResponse>(editor, 'POST', '/api/editor/try', {
      question,
      language: 'fa',
      draft: { language: 'fa', id: 'refunds', text },
    });
    expect(status).toBe(200);
    expect(json.published.decision).toBe('none');
    expect(json.draft?.decision).toBe('answer');
    expect(json.draft?.top[0]?.id).toBe('refunds');
    expect(json.draft?.top[0]?.why.questions[0]?.text).toBe(question);
    expect(json.draft?.reply[0]?.text).toContain(
      text.slice(text.lastIndexOf('---') + 4, text.lastIndexOf('---') + 30).trim(),
    );
    // A new article beside the others.
    const fresh = `---\nid: gift-wrap\nlanguage: en\ntitle: Gift wrapping\nquestions:\n  - can you wrap my order as a gift\n---\nWe wrap any order as a gift.\n`;
    const added = await call<TryResponse>(editor, 'POST', '/api/editor/try', {
      question: 'can you wrap my order as a gift',
      draft: { language: 'en', id: 'gift-wrap', text: fresh },
    });
    expect(added.json.draft?.top[0]?.id).toBe('gift-wrap');
    expect(added.json.published.top.map((t) => t.id)).not.toContain('gift-wrap');
    // The published knowledge base did not change.
    expect(server.hamdel.knowledge.current.article('en', 'gift-wrap')).toBeUndefined();
  });

  it('refuses bad input with a clear code, and a broken draft with the reason', async () => {
    const bad = await call(editor, 'POST', '/api/editor/try', { question: '' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'MESSAGE_INVALID' });
    expect(
      (await call(editor, 'POST', '/api/editor/try', { question: 'x', language: 'de' })).json,
    ).toMatchObject({
      code: 'MESSAGE_INVALID',
    });
    const broken = await call(editor, 'POST', '/api/editor/try', {
      question: 'سفارشم کجاست',
      draft: { language: 'fa', id: 'returns', text: '---\ntitle: [\n---\nbody' },
    });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ code: 'DRAFT_INVALID', reason: expect.stringMatching(/YAML/) });
    const noBody = await call(editor, 'POST', '/api/editor/try', {
      question: 'سفارشم کجاست',
      draft: { language: 'fa', id: 'returns', text: '---\nid: returns\nlanguage: fa\ntitle: مرجوعی\n---\n' },
    });
    expect(noBody.json).toMatchObject({ code: 'DRAFT_INVALID', reason: expect.stringMatching(/body/) });
  });
});

describe('GET /api/editor/health', () => {
  it('reports each language once per snapshot, for editors and admins only', async () => {
    expect((await call(agent, 'GET', '/api/editor/health')).status).toBe(403);
    expect((await call(editor, 'GET', '/api/editor/health?language=de')).json).toMatchObject({
      code: 'MESSAGE_INVALID',
    });
    const first = await call<HealthResponse>(editor, 'GET', '/api/editor/health?language=fa');
    expect(first.status).toBe(200);
    const [report] = first.json.reports;
    expect(report?.language).toBe('fa');
    expect(report?.articles).toBe(35);
    const loo = report?.leaveOneOut;
    expect(loo && loo.right + loo.wrong + loo.abstained).toBe(report?.questions);
    // Asked again: the same report (the same computation's time), at once.
    const started = performance.now();
    const again = await call<HealthResponse>(admin, 'GET', '/api/editor/health?language=fa');
    expect(performance.now() - started).toBeLessThan(500);
    expect(again.json.reports[0]).toEqual(report);
    // Every language without one asked.
    const all = await call<HealthResponse>(editor, 'GET', '/api/editor/health');
    expect(all.json.reports.map((r) => r.language)).toEqual(['fa', 'ar', 'en']);
  }, 60_000);
});
