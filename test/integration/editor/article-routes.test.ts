/**
 * The editor's article API on a real server, real Redis and a temporary copy of content/ (the repository's
 * own files are never touched): editors and admins only; list and search with translations side by side;
 * saves that change only what changed, refused on an old version (409 with the file as it is now) or when
 * the knowledge base would refuse the article; one more example question without a version; create,
 * rename, delete; every change in the audit log with who and what; and the bot answers with the saved text.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVersion } from '../../../src/editor/content-files.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';

const TOKEN = 'test-token-0123456789';
const PASSWORD = 'editor-password-123';
let server: TestServer;
let dir: string;
let editor: string;
let admin: string;
let agent: string;
const repoReturns = readFile(path.join(CONTENT_DIR, 'articles/fa/returns.md'), 'utf8');

async function signIn(id: string): Promise<string> {
  const response = await fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

type Json = Record<string, unknown>;

async function call(cookie: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

const onDisk = (relative: string) => readFile(path.join(dir, relative), 'utf8');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamdel-editor-content-'));
  await cp(CONTENT_DIR, dir, { recursive: true });
  server = await startTestServer({
    env: { CONTENT_DIR: dir, CONTENT_WATCH: 'true', HTTP_CHANNEL_TOKEN: TOKEN },
  });
  const agents = server.hamdel.human.agents;
  for (const [id, role] of [
    ['ed', 'editor'],
    ['boss', 'admin'],
    ['ali', 'agent'],
  ] as const) {
    await agents.create({ id, name: id, role, languages: ['fa', 'ar', 'en'], password: PASSWORD });
  }
  [editor, admin, agent] = await Promise.all([signIn('ed'), signIn('boss'), signIn('ali')]);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
  expect(await readFile(path.join(CONTENT_DIR, 'articles/fa/returns.md'), 'utf8')).toBe(await repoReturns);
});

describe('the editor article API', () => {
  it('is for editors and admins only', async () => {
    expect((await call('', 'GET', '/api/editor/articles')).json.code).toBe('AUTH_REQUIRED');
    const refused = await call(agent, 'GET', '/api/editor/articles/fa/returns');
    expect(refused).toMatchObject({ status: 403, json: { code: 'FORBIDDEN_ROLE' } });
    const put = await call(agent, 'PUT', '/api/editor/articles/fa/returns', { text: 'x', version: 'a' });
    expect(put.status).toBe(403);
    expect((await call(admin, 'GET', '/api/editor/articles/fa/returns')).status).toBe(200);
    const page = await fetch(`${server.url}/editor/`, { headers: { cookie: agent }, redirect: 'manual' });
    expect(page.status).toBe(403);
  });

  it('lists every id with its translations side by side, and the languages that lack one', async () => {
    await unlink(path.join(dir, 'articles/ar/gift-cards.md'));
    const { json } = await call(editor, 'GET', '/api/editor/articles');
    const rows = json.articles as { id: string; translations: Json; missing: string[] }[];
    expect(rows).toHaveLength(35);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    const gift = rows.find((r) => r.id === 'gift-cards');
    expect(gift?.missing).toEqual(['ar']);
    expect(Object.keys(gift?.translations ?? {}).sort()).toEqual(['en', 'fa']);
    const returns = rows.find((r) => r.id === 'returns');
    expect(returns?.missing).toEqual([]);
    expect(returns?.translations.fa).toMatchObject({
      title: 'بازگرداندن (مرجوع کردن) کالا',
      questions: 8,
      file: 'articles/fa/returns.md',
      version: contentVersion(await onDisk('articles/fa/returns.md')),
    });
    const inArabic = await call(editor, 'GET', '/api/editor/articles?language=ar');
    expect((inArabic.json.articles as unknown[]).length).toBe(34);
  });

  it('searches titles, questions and bodies folded: Arabic ي/ك, no half-space, Latin digits', async () => {
    // The body says "۱۴ روز پس از تحویل" and "«سفارش‌های من»".
    const q = encodeURIComponent('تحويل 14 سفارشهاي');
    const { json } = await call(editor, 'GET', `/api/editor/articles?q=${q}`);
    const ids = (json.articles as { id: string }[]).map((r) => r.id);
    expect(ids).toContain('returns');
    expect(ids.length).toBeLessThan(35);
    const english = await call(editor, 'GET', `/api/editor/articles?language=en&q=${q}`);
    expect(english.json.articles).toEqual([]);
    const bad = await call(editor, 'GET', '/api/editor/articles?language=de');
    expect(bad).toMatchObject({ status: 400, json: { code: 'MESSAGE_INVALID' } });
  });

  it('opens an article as fields, body, text and version', async () => {
    const { status, json } = await call(editor, 'GET', '/api/editor/articles/fa/returns');
    const text = await onDisk('articles/fa/returns.md');
    expect(status).toBe(200);
    expect(json).toMatchObject({ language: 'fa', id: 'returns', text, version: contentVersion(text) });
    expect(json.fields).toMatchObject({
      id: 'returns',
      title: 'بازگرداندن (مرجوع کردن) کالا',
      tags: ['returns', 'orders'],
    });
    expect(String(json.body)).toMatch(/^شما تا \*\*۱۴ روز/);
    const missing = await call(editor, 'GET', '/api/editor/articles/fa/no-such-article');
    expect(missing).toMatchObject({ status: 404, json: { code: 'CONTENT_NOT_FOUND' } });
    for (const url of [
      '/api/editor/articles/xx/returns',
      '/api/editor/articles/fa/..%2F..%2Fetc',
      '/api/editor/articles/fa/Returns',
    ]) {
      expect((await call(editor, 'GET', url)).json.code, url).toBe('CONTENT_PATH_INVALID');
    }
  });

  it('saves a changed title as one changed line, logs who changed what, and the bot answers with the new body', async () => {
    const file = 'articles/en/returns.md';
    const before = await onDisk(file);
    const opened = (await call(editor, 'GET', '/api/editor/articles/en/returns')).json;
    const saved = await call(editor, 'PUT', '/api/editor/articles/en/returns', {
      fields: { title: 'Returning an item: how' },
      version: opened.version,
    });
    expect(saved).toMatchObject({ status: 200, json: { changed: ['title'] } });
    const after = await onDisk(file);
    expect(saved.json.version).toBe(contentVersion(after));
    const lines = before.split('\n');
    expect(after.split('\n')).toEqual(
      lines.map((l) => (l === 'title: Returning an item' ? 'title: "Returning an item: how"' : l)),
    );
    const [entry] = await server.hamdel.human.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      by: 'ed',
      action: 'article-saved',
      target: file,
      details: { fields: ['title'], from: opened.version, version: saved.json.version },
    });

    const body = String(opened.body).replace('**14 days of delivery**', '**21 days of delivery**');
    const second = await call(editor, 'PUT', '/api/editor/articles/en/returns', {
      fields: {},
      body,
      version: saved.json.version,
    });
    expect(second.json.changed).toEqual(['body']);
    const say = async () => {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          customerId: `c-${randomUUID()}`,
          text: 'What is your return policy?',
          language: 'en',
        }),
      });
      return ((await response.json()) as { replies: { text: string }[] }).replies
        .map((r) => r.text)
        .join('\n');
    };
    await eventually(async () => (await say()).includes('21 days of delivery'), 'the saved answer');
  });

  it('refuses a save on an old version with the file as it is on disk, and writes nothing', async () => {
    const opened = (await call(editor, 'GET', '/api/editor/articles/ar/returns')).json;
    const first = await call(admin, 'PUT', '/api/editor/articles/ar/returns', {
      fields: { tags: ['returns', 'orders', 'faulty'] },
      version: opened.version,
    });
    expect(first.status).toBe(200);
    const disk = await onDisk('articles/ar/returns.md');
    const late = await call(editor, 'PUT', '/api/editor/articles/ar/returns', {
      fields: { title: 'إرجاع' },
      version: opened.version,
    });
    expect(late).toMatchObject({
      status: 409,
      json: { code: 'CONTENT_CONFLICT', current: { text: disk, version: contentVersion(disk) } },
    });
    expect(await onDisk('articles/ar/returns.md')).toBe(disk);
  });

  it('refuses an article the knowledge base would refuse, with the reason, and writes nothing', async () => {
    const opened = (await call(editor, 'GET', '/api/editor/articles/fa/warranty')).json;
    const before = await onDisk('articles/fa/warranty.md');
    const empty = await call(editor, 'PUT', '/api/editor/articles/fa/warranty', {
      fields: { title: '  ' },
      version: opened.version,
    });
    expect(empty).toMatchObject({ status: 400, json: { code: 'ARTICLE_INVALID' } });
    expect(String(empty.json.reason)).toContain('title');
    const wrongId = await call(editor, 'PUT', '/api/editor/articles/fa/warranty', {
      text: String(opened.text).replace('id: warranty', 'id: guarantee'),
      version: opened.version,
    });
    expect(wrongId).toMatchObject({ status: 400, json: { code: 'ARTICLE_INVALID' } });
    const garbage = await call(editor, 'PUT', '/api/editor/articles/fa/warranty', { version: 'x' });
    expect(garbage).toMatchObject({ status: 400, json: { code: 'MESSAGE_INVALID' } });
    expect(await onDisk('articles/fa/warranty.md')).toBe(before);
  });

  it('adds example questions without a version, one line each, none lost when two come at once', async () => {
    const file = 'articles/fa/refunds.md';
    const before = await onDisk(file);
    const [a, b] = await Promise.all([
      call(editor, 'POST', '/api/editor/articles/fa/refunds/questions', {
        question: 'پول کارتم کی برمیگرده؟',
      }),
      call(admin, 'POST', '/api/editor/articles/fa/refunds/questions', {
        question: '  پول  برگشتی   کجاست ',
      }),
    ]);
    expect([a?.status, b?.status]).toEqual([200, 200]);
    const after = await onDisk(file);
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(added.sort()).toEqual(['  - پول برگشتی کجاست', '  - پول کارتم کی برمیگرده؟']);
    expect(after.split('\n')).toHaveLength(before.split('\n').length + 2);
    // The same question with an Arabic yeh and kaf is the same question.
    const again = await call(editor, 'POST', '/api/editor/articles/fa/refunds/questions', {
      question: 'پول كارتم كي برميگرده؟',
    });
    expect(again).toMatchObject({ status: 409, json: { code: 'DUPLICATE_QUESTION' } });
    const entries = await server.hamdel.human.audit.list({ limit: 3 });
    expect(
      entries
        .filter((e) => e.action === 'article-question-added')
        .map((e) => e.by)
        .sort(),
    ).toEqual(['boss', 'ed']);
    const nowhere = await call(editor, 'POST', '/api/editor/articles/fa/nothing-here/questions', {
      question: 'x',
    });
    expect(nowhere.json.code).toBe('CONTENT_NOT_FOUND');
  });

  it('creates, renames and deletes articles, each in the audit log', async () => {
    const fields = { title: 'بطاقات الهدايا', questions: ['هل عندكم بطاقات هدايا؟'], tags: ['gifts'] };
    const created = await call(editor, 'POST', '/api/editor/articles', {
      language: 'ar',
      id: 'gift-cards',
      fields,
      body: 'نعم، من **50 درهم**.',
    });
    expect(created).toMatchObject({ status: 201, json: { file: 'articles/ar/gift-cards.md' } });
    expect(await onDisk('articles/ar/gift-cards.md')).toBe(
      '---\nid: gift-cards\nlanguage: ar\ntitle: بطاقات الهدايا\nquestions:\n  - هل عندكم بطاقات هدايا؟\ntags: [gifts]\n---\nنعم، من **50 درهم**.\n',
    );
    const twice = await call(editor, 'POST', '/api/editor/articles', {
      language: 'ar',
      id: 'gift-cards',
      fields,
      body: 'x',
    });
    expect(twice).toMatchObject({ status: 409, json: { code: 'CONTENT_EXISTS' } });
    const noBody = await call(editor, 'POST', '/api/editor/articles', {
      language: 'ar',
      id: 'gift-wrap',
      fields,
    });
    expect(noBody).toMatchObject({ status: 400, json: { code: 'ARTICLE_INVALID' } });

    const renamed = await call(editor, 'POST', '/api/editor/articles/ar/gift-cards/rename', {
      to: 'gift-vouchers',
      version: created.json.version,
    });
    expect(renamed).toMatchObject({
      status: 200,
      json: { id: 'gift-vouchers', file: 'articles/ar/gift-vouchers.md' },
    });
    expect(await onDisk('articles/ar/gift-vouchers.md')).toBe(
      String(created.json.text).replace('id: gift-cards', 'id: gift-vouchers'),
    );
    await expect(onDisk('articles/ar/gift-cards.md')).rejects.toThrow();
    const onto = await call(editor, 'POST', '/api/editor/articles/ar/gift-vouchers/rename', {
      to: 'returns',
      version: renamed.json.version,
    });
    expect(onto.json.code).toBe('CONTENT_EXISTS');

    const noVersion = await call(editor, 'DELETE', '/api/editor/articles/ar/gift-vouchers');
    expect(noVersion.json.code).toBe('MESSAGE_INVALID');
    const stale = await call(
      editor,
      'DELETE',
      `/api/editor/articles/ar/gift-vouchers?version=${created.json.version}`,
    );
    expect(stale.status).toBe(409);
    const removed = await call(
      editor,
      'DELETE',
      `/api/editor/articles/ar/gift-vouchers?version=${renamed.json.version}`,
    );
    expect(removed).toMatchObject({ status: 200, json: { ok: true } });
    await expect(onDisk('articles/ar/gift-vouchers.md')).rejects.toThrow();

    const entries = await server.hamdel.human.audit.list({ limit: 3 });
    expect(entries.map((e) => [e.action, e.target, e.by])).toEqual([
      ['article-removed', 'articles/ar/gift-vouchers.md', 'ed'],
      ['article-renamed', 'articles/ar/gift-cards.md', 'ed'],
      ['article-created', 'articles/ar/gift-cards.md', 'ed'],
    ]);
    expect(entries[1]?.details).toMatchObject({ to: 'articles/ar/gift-vouchers.md' });
  });
});
