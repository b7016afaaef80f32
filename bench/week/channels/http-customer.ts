import type { Language } from '../../../src/core/language.ts';
import type { BotReply } from '../reply-reader.ts';
import type { CustomerLine, Settle } from './customer-line.ts';

interface HttpReply {
  readonly text: string;
  readonly choices?: readonly { readonly label: string; readonly value: string }[];
}

/** A customer of an integrator's app, through the HTTP channel (POST /api/messages, replies in the answer). */
export class HttpCustomer implements CustomerLine {
  readonly channel = 'http';
  readonly rendering = 'plain';
  private sent = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly customerId: string,
    readonly language: Language,
    private readonly settle: Settle,
  ) {}

  get conversationId(): string {
    return `http-${this.customerId}`;
  }

  async send(text: string): Promise<BotReply[]> {
    this.sent += 1;
    const response = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({
        customerId: this.customerId,
        text,
        messageId: `${this.customerId}-${this.sent}`,
        language: this.language,
      }),
    });
    const body = (await response.json()) as { replies?: HttpReply[]; code?: string; message?: string };
    if (response.status !== 200 || !body.replies) {
      throw new Error(`HTTP channel answered ${response.status}: ${body.code ?? ''} ${body.message ?? ''}`);
    }
    await this.settle();
    return body.replies.map((r) => ({ text: r.text, choices: r.choices ?? [] }));
  }

  async leave(): Promise<void> {
    // Nothing stays open between requests.
  }
}
