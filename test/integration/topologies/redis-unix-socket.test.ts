import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnswers } from '../../../src/core/redis.ts';
import { sleep } from '../../helpers/redis-processes.ts';
import { randomPrefix } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

const TOKEN = 'unix-socket-test-token-0123';

/** hamdel reaching a Redis on the same host through its Unix socket (REDIS_URL=unix:///...): no TCP at all. */
describe('hamdel on Redis through a Unix socket', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hamdel-redis-sock-'));
  const socket = path.join(dir, 'redis.sock');
  let redis: ChildProcess | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    // Port 0: the server listens on its socket only.
    redis = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100 && !(await redisAnswers(`unix://${socket}`, 200)); i += 1) await sleep(50);
    server = await startTestServer({
      prefix: randomPrefix(),
      env: { REDIS_URL: `unix://${socket}`, HTTP_CHANNEL_TOKEN: TOKEN },
    });
  }, 30_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    if (redis && redis.exitCode === null) {
      const gone = new Promise((resolve) => redis?.once('exit', resolve));
      redis.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('answers a customer, and remembers the conversation', async () => {
    if (!server) throw new Error('the server did not start');
    const ask = async (text: string, messageId: string) => {
      const response = await fetch(`${server?.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ customerId: 'sock-1', text, messageId }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { conversationId: string; replies: { text: string }[] };
    };
    const first = await ask('How do I return something I bought?', 'm-1');
    expect(first.replies.map((r) => r.text).join(' ')).toMatch(/return/i);
    const second = await ask('چطور می‌تونم کالا رو پس بدم؟', 'm-2');
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.replies.length).toBeGreaterThan(0);
  });
});
