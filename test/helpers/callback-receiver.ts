import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the integrator's callback received. */
export interface ReceivedCallback {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered: a status, or "hang" (no answer: the sender's timeout). */
  readonly answer: number | 'hang';
  readonly at: number;
}

/**
 * An integrator's callback endpoint on a real local HTTP server. It records every request and answers
 * 200 unless told otherwise: `failNext(500, 'hang', …)` scripts the next answers of a path, `breakPath`
 * makes a path answer 500 until `fixPath`.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  private readonly scripted = new Map<string, (number | 'hang')[]>();
  private readonly broken = new Set<string>();
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<CallbackReceiver> {
    const made: { receiver?: CallbackReceiver } = {};
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        made.receiver?.answer(request, response, Buffer.concat(chunks).toString('utf8')),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    made.receiver = new CallbackReceiver(server, `http://127.0.0.1:${port}`);
    return made.receiver;
  }

  failNext(path: string, ...answers: (number | 'hang')[]): void {
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...answers]);
  }

  breakPath(path: string): void {
    this.broken.add(path);
  }

  fixPath(path: string): void {
    this.broken.delete(path);
  }

  /** The requests of a path that were answered 2xx, in arrival order. */
  accepted(path: string): ReceivedCallback[] {
    return this.received.filter((r) => r.path === path && typeof r.answer === 'number' && r.answer < 300);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse, body: string): void {
    const path = request.url ?? '/';
    const answer = this.broken.has(path) ? 500 : (this.scripted.get(path)?.shift() ?? 200);
    this.received.push({ path, headers: request.headers, body, answer, at: Date.now() });
    if (answer === 'hang') {
      this.hanging.add(response);
      return;
    }
    response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
  }
}
