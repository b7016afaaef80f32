import { WebSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../src/adapters/web/protocol.ts';
import type { TurnOutcome } from './generator-protocol.ts';

interface Pending {
  readonly resolve: (outcome: TurnOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One widget conversation on one socket, as web/widget speaks the protocol (src/adapters/web/protocol.ts):
 * `hello`, then `say` frames. A turn is done when the bot's first entry after the customer's entry with the
 * turn's clientMessageId arrives. While a person has the chat the bot is silent and sends no typing frames:
 * a customer entry that no "bot typing" came before is done when it arrives (counted as "silent").
 */
export class WidgetConversation {
  private readonly pending = new Map<string, Pending>();
  /** The turn whose customer entry has arrived and whose bot reply is awaited. */
  private current: string | undefined;
  private botTyping = false;
  private sequence = 0;
  /** Put in line for a person (a `wait` frame, or a turn the bot stayed silent in). */
  handedOver = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as ServerFrame));
    socket.on('close', () => this.failAll('SOCKET_CLOSED'));
    socket.on('error', () => undefined);
  }

  /** Opens the socket, says hello and waits for `welcome`. */
  static async open(
    server: string,
    visitorId: string,
    language: string,
    timeoutMs = 30_000,
  ): Promise<WidgetConversation> {
    const socket = new WebSocket(
      `${server.replace(/^http/, 'ws')}/ws?lang=${language}`, // a new visitor each time
    );
    const conversation = new WidgetConversation(socket, visitorId, timeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no welcome for ${visitorId}`)), 30_000);
      socket.once('error', reject);
      socket.once('open', () => conversation.send({ type: 'hello' }));
      socket.on('message', function welcome(data) {
        if ((JSON.parse(data.toString()) as ServerFrame).type !== 'welcome') return;
        socket.off('message', welcome);
        clearTimeout(timer);
        resolve();
      });
    });
    return conversation;
  }

  say(text: string): Promise<TurnOutcome> {
    this.sequence += 1;
    const clientMessageId = `${this.name}-${this.sequence}`;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.settle(clientMessageId, { ok: false, code: 'NO_REPLY' }),
        this.timeoutMs,
      );
      this.pending.set(clientMessageId, { resolve, timer });
      if (!this.send({ type: 'say', clientMessageId, text }))
        this.settle(clientMessageId, { ok: false, code: 'SOCKET_CLOSED' });
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ack':
        if (frame.duplicate) this.settle(frame.clientMessageId, { ok: false, code: 'DUPLICATE' });
        return;
      case 'error':
        if (frame.clientMessageId) this.settle(frame.clientMessageId, { ok: false, code: frame.code });
        return;
      case 'wait':
        this.handedOver = true;
        return;
      case 'typing':
        if (frame.who !== 'bot') return;
        this.botTyping = frame.on;
        // The bot stopped typing without a reply to the current turn (the turn failed).
        if (!frame.on && this.current) this.settle(this.current, { ok: false, code: 'NO_BOT_REPLY' });
        return;
      case 'entry': {
        const { entry } = frame;
        if (
          entry.author.kind === 'customer' &&
          entry.clientMessageId &&
          this.pending.has(entry.clientMessageId)
        ) {
          if (this.botTyping) this.current = entry.clientMessageId;
          else {
            this.handedOver = true;
            this.settle(entry.clientMessageId, { ok: true, kinds: ['silent'] });
          }
        } else if (entry.author.kind === 'bot' && this.current) {
          this.settle(this.current, { ok: true, kinds: ['bot'] });
        }
        return;
      }
      default:
        return;
    }
  }

  private settle(clientMessageId: string, outcome: TurnOutcome): void {
    const pending = this.pending.get(clientMessageId);
    if (this.current === clientMessageId) this.current = undefined;
    if (!pending) return;
    this.pending.delete(clientMessageId);
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  private failAll(code: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, code });
  }

  private send(frame: ClientFrame): boolean {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
