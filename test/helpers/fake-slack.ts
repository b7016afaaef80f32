import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_TEAM = 'T0HAMDEL';
export const FAKE_BOT_USER = 'U0BOT';

/** One Web API call the app made. */
export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token: string | undefined;
  /** What the fake answered. */
  readonly result: Record<string, unknown>;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

/**
 * A small fake of Slack's Web API on local HTTP (point SLACK_API_URL at `apiUrl`): records every call and
 * answers like Slack ({ ok: true, ... }; { ok: false, error } for methods it does not know). `failNext`
 * makes the next call of a method fail the way Slack would (e.g. 429 with Retry-After, or an error body).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private ts = 1_700_000_000;
  private readonly failures = new Map<
    string,
    { answer: Answer; when: (args: Record<string, unknown>) => boolean }[]
  >();
  private readonly gates = new Map<string, Promise<void>>();
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();
  private readonly socketServer: WebSocketServer;

  private constructor(private readonly server: Server) {
    // Socket Mode: apps.connections.open hands out this URL; the app connects, gets "hello", acks envelopes.
    this.socketServer = new WebSocketServer({ server, path: '/socket' });
    this.socketServer.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const ack = JSON.parse(data.toString()) as Record<string, unknown>;
        if (typeof ack.envelope_id === 'string') this.acks.get(ack.envelope_id)?.(ack);
      });
      socket.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0HAMDEL' } }),
      );
    });
  }

  /** Sends an envelope over Socket Mode (once the app is connected); resolves with the app's ack. */
  async sendEnvelope(type: 'events_api' | 'interactive', payload: Record<string, unknown>, retryAttempt = 0) {
    const socket = await this.waitFor(() => [...this.sockets][0], 'a Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt > 0 ? 'timeout' : '',
      }),
    );
    return acked;
  }

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server);
    server.on('request', (request, response) => {
      void fake.handle(request).then((answer) => {
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The Web API base URL, with the trailing slash Bolt's `slackApiUrl` wants. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** The next call of `method` (whose arguments match `when`, if given) gets `answer`. */
  failNext(
    method: string,
    answer: Answer,
    when: (args: Record<string, unknown>) => boolean = () => true,
  ): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), { answer, when }]);
  }

  /** Holds every call of `method` unanswered until the returned function is called (a slow Slack). */
  hold(method: string): () => void {
    let open: () => void = () => undefined;
    this.gates.set(method, new Promise<void>((resolve) => (open = resolve)));
    return () => {
      this.gates.delete(method);
      open();
    };
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls until a call matches, or fails at the deadline. */
  async waitForCall(
    match: (call: SlackCall) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<SlackCall> {
    return this.waitFor(() => this.calls.find(match), `Slack call: ${what}`, timeoutMs);
  }

  private async waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.socketServer.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<Answer> {
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      request.on('data', (chunk: Buffer) => (data += chunk.toString()));
      request.on('end', () => resolve(data));
    });
    const args = parseArgs(raw, request.headers['content-type'] ?? '');
    await this.gates.get(method);
    const auth = request.headers.authorization;
    const token = auth?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    const failures = this.failures.get(method) ?? [];
    const failure = failures.findIndex((f) => f.when(args));
    const answer =
      failure >= 0
        ? (failures.splice(failure, 1)[0]?.answer ?? { body: {} })
        : { body: this.answer(method, args) };
    this.calls.push({ method, args, token, result: answer.body });
    return answer;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const nextTs = () => `${(this.ts += 1)}.000100`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://hamdel.slack.com/',
          team: 'Hamdel',
          user: 'hamdel',
          team_id: FAKE_TEAM,
          user_id: FAKE_BOT_USER,
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: { ts, text: args.text, thread_ts: args.thread_ts },
        };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/socket` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value;
  }
  return args;
}

/** Slack's request signature (v0): HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Headers of a request as Slack signs it (timestamp now, in seconds). */
export function signedHeaders(
  secret: string,
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}
