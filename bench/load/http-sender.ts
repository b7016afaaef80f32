import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { TurnOutcome } from './generator-protocol.ts';
import { languageOf, QuestionSequence, type QuestionPools } from './questions.ts';

export interface HttpSenderOptions {
  readonly servers: readonly string[];
  readonly conversations: number;
  readonly token: string;
  readonly pools: QuestionPools;
  /** Names this run's customers, so that runs do not share conversations. */
  readonly runTag: string;
  readonly timeoutMs?: number;
}

/**
 * Turns through the HTTP channel (POST /api/messages with the bearer token): turn i is customer
 * i % conversations, on server (i % conversations) % servers, with a new message id, and is done when the
 * response with the bot's replies arrives. A customer the bot hands to a person is replaced by a new one.
 */
export class HttpSender {
  /** A connection pool per server, as an integrator's HTTP client has; requests beyond it queue here. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  private readonly sequences: QuestionSequence[];
  /** Customers handed to a person are replaced by new ones (the bot is silent while a person has the chat). */
  private readonly generation: number[];

  constructor(private readonly o: HttpSenderOptions) {
    this.sequences = Array.from(
      { length: o.conversations },
      (_, i) => new QuestionSequence(o.pools, languageOf(i), i + 1),
    );
    this.generation = Array.from({ length: o.conversations }, () => 0);
  }

  send(index: number): Promise<TurnOutcome> {
    const conversation = index % this.o.conversations;
    const server = this.o.servers[conversation % this.o.servers.length] ?? '';
    const body = JSON.stringify({
      customerId: `${this.o.runTag}-${conversation}-${this.generation[conversation]}`,
      text: this.sequences[conversation]?.take() ?? 'hello',
      messageId: randomUUID(),
    });
    return new Promise((resolve) => {
      const req = request(
        `${server}/api/messages`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${this.o.token}`,
          },
          timeout: this.o.timeoutMs ?? 35_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error: NodeJS.ErrnoException) =>
            resolve({ ok: false, code: error.code ?? 'EIO' }),
          );
          res.on('end', () => {
            const outcome = outcomeOf(res.statusCode ?? 0, Buffer.concat(chunks).toString());
            if (outcome.ok && outcome.kinds.includes('handoff'))
              this.generation[conversation] = (this.generation[conversation] ?? 0) + 1;
            resolve(outcome);
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? 'EIO' }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function outcomeOf(status: number, text: string): TurnOutcome {
  let body: { code?: string; duplicate?: boolean; replies?: { kind?: string }[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  if (status !== 200) return { ok: false, code: `HTTP ${status} ${body.code ?? ''}`.trim() };
  if (body.duplicate) return { ok: false, code: 'DUPLICATE' };
  return { ok: true, kinds: (body.replies ?? []).map((reply) => reply.kind ?? 'unknown') };
}
