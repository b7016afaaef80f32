/**
 * GET /api/editor/style/:language on a real server: the rules of content/style for editors and admins,
 * refused to others, 404 for a language hamdel does not speak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

const PASSWORD = 'password-12345';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  for (const [id, role] of [
    ['mina', 'editor'],
    ['boss', 'admin'],
    ['sara', 'agent'],
  ] as const) {
    await server.hamdel.human.agents.create({ id, name: id, role, languages: ['fa'], password: PASSWORD });
  }
});

afterAll(async () => {
  await server?.close();
});

async function signIn(id: string): Promise<string> {
  const response = await fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return /hamdel_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
}

async function style(language: string, cookie = '') {
  const response = await fetch(`${server.url}/api/editor/style/${language}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/editor/style/:language', () => {
  it('gives editors and admins the tone and the phrases to avoid of each language', async () => {
    for (const id of ['mina', 'boss']) {
      const cookie = await signIn(id);
      const fa = await style('fa', cookie);
      expect(fa.status).toBe(200);
      expect(fa.body.language).toBe('fa');
      expect((fa.body.tone as string[]).length).toBeGreaterThan(5);
      expect(fa.body.avoid).toEqual(
        expect.arrayContaining([expect.objectContaining({ phrases: expect.arrayContaining(['نمی‌توان*']) })]),
      );
      const en = await style('en', cookie);
      expect(en.body.avoid).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            phrases: expect.arrayContaining(["can't"]),
            except: ["can't wait", "can't go wrong"],
          }),
        ]),
      );
    }
  });

  it('refuses anyone signed out (401), an agent (403), and an unknown language (404)', async () => {
    expect(await style('fa')).toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    expect(await style('fa', await signIn('sara'))).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN_ROLE' },
    });
    expect(await style('de', await signIn('mina'))).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
  });
});
