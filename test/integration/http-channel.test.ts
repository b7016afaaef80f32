import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const TOKEN = 'test-token-0123456789';

describe('HTTP channel for integrators', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HTTP_CHANNEL_TOKEN: TOKEN, MAX_MESSAGE_CHARS: '200' } });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: unknown, token = TOKEN) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('answers with the chosen article and its score', async () => {
    const response = await post({
      customerId: 'crm-42',
      text: 'How long does a refund take?',
      messageId: 'm-1',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      replies: { kind: string; articleId?: string; score?: number }[];
    };
    const answer = body.replies.find((r) => r.kind === 'answer');
    expect(answer?.articleId).toBe('refunds');
    expect(answer?.score).toBeGreaterThan(0.5);

    const again = await post({
      customerId: 'crm-42',
      text: 'How long does a refund take?',
      messageId: 'm-1',
    });
    const repeated = (await again.json()) as { duplicate: boolean; replies: unknown[] };
    expect(repeated.duplicate).toBe(true);
    expect(repeated.replies).toEqual(body.replies);
  });

  it('gives each reply as Markdown and as plain text with the phone number isolated in Persian', async () => {
    const response = await post({ customerId: 'crm-fa', text: 'شماره تلفن پشتیبانی چنده؟', language: 'fa' });
    const body = (await response.json()) as {
      replies: { kind: string; articleId?: string; text: string; plainText: string }[];
    };
    const answer = body.replies.find((r) => r.kind === 'answer');
    expect(answer?.articleId).toBe('contact');
    expect(answer?.text).toContain('**'); // the Markdown as written
    expect(answer?.plainText).not.toContain('**');
    // The number reads left to right inside the right-to-left line: wrapped in a bidi isolate.
    expect(answer?.plainText).toMatch(/[\u2066\u2068]\+971 4 555 0100\u2069/);
  });

  it('refuses a wrong token, a malformed body and a huge message with clear errors', async () => {
    expect((await post({ customerId: 'a', text: 'hi' }, 'wrong-token-000000000')).status).toBe(401);
    const bad = await post({ text: 42 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('MESSAGE_INVALID');
    const huge = await post({ customerId: 'a', text: 'x'.repeat(201) });
    expect(huge.status).toBe(413);
    const notJson = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{broken',
    });
    expect(notJson.status).toBe(400);
  });
});
