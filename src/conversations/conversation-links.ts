import { systemClock, type Clock } from '../core/clock.ts';
import type { ChannelName } from '../core/message.ts';
import type { RedisConnection } from '../core/redis-script.ts';

/** One channel address joined to a customer's home conversation. */
export interface ConversationLink {
  /** The channel's own conversation id (`tg-123`, `web-…`, `bf-…`, `http-…`). */
  readonly address: string;
  readonly channel: ChannelName;
  /** The conversation the customer's messages from `address` go to. */
  readonly home: string;
  /** When it was linked (ms since epoch). */
  readonly at: number;
}

export interface ConversationLinksOptions {
  readonly redis: RedisConnection;
  /** Prefix of every key (default "hamdel:"). */
  readonly prefix?: string;
  readonly clock?: Clock;
  /** How long a link is kept after it was last made or used, in ms (the transcripts' retention). */
  readonly retentionMs: number;
}

/**
 * Which channel addresses are one customer: each linked address points to the customer's home conversation
 * (`…{links}:to:<address>`), and the home keeps the set of its addresses (`…{links}:from:<home>`). A link is
 * one hop: an address that was itself a home brings its addresses along to the new home, so the ingress
 * resolves any message with one read. Every key carries the `{links}` hash tag (one slot on a Cluster).
 */
export class ConversationLinks {
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(private readonly o: ConversationLinksOptions) {
    this.prefix = o.prefix ?? 'hamdel:';
    this.clock = o.clock ?? systemClock;
  }

  /** The link of `address`, if it has one. */
  async get(address: string): Promise<ConversationLink | undefined> {
    const json = await this.o.redis.get(this.to(address));
    return json === null ? undefined : (JSON.parse(json) as ConversationLink);
  }

  /** The home conversation of `address`, or undefined when it is not linked (it is its own home). */
  async homeOf(address: string): Promise<string | undefined> {
    return (await this.get(address))?.home;
  }

  /** The addresses linked to `home`, oldest first. */
  async linksOf(home: string): Promise<ConversationLink[]> {
    const members = await this.o.redis.smembers(this.from(home));
    const links = await Promise.all(members.map((address) => this.get(address)));
    return links.filter((link): link is ConversationLink => link?.home === home).sort((a, b) => a.at - b.at);
  }

  /** Keeps a link in use as long as the transcripts (retention counts from its last use). */
  async touch(address: string, home: string): Promise<void> {
    const ms = this.o.retentionMs;
    await this.o.redis.multi().pexpire(this.to(address), ms).pexpire(this.from(home), ms).exec();
  }

  /** Joins `address` to `home`; false when it already was (or is `home` itself). */
  async link(address: string, channel: ChannelName, home: string): Promise<boolean> {
    if (address === home) return false;
    const old = await this.get(address);
    if (old?.home === home) return false;
    const now = this.clock.now();
    // The address was a home itself: its own addresses come along (one hop stays one hop).
    const carried = await this.linksOf(address);
    const tx = this.o.redis.multi();
    if (old) tx.srem(this.from(old.home), address);
    for (const link of [...carried, { address, channel, home, at: now }]) {
      if (link.address === home) {
        tx.del(this.to(home)); // the new home was one of them: it is a home now, not an address
        continue;
      }
      tx.set(this.to(link.address), JSON.stringify({ ...link, home }), 'PX', this.o.retentionMs);
      tx.sadd(this.from(home), link.address);
    }
    tx.del(this.from(address));
    tx.pexpire(this.from(home), this.o.retentionMs);
    await tx.exec();
    return true;
  }

  /** Parts `address` from its home; the link it had, or undefined when it had none. */
  async unlink(address: string): Promise<ConversationLink | undefined> {
    const old = await this.get(address);
    if (!old) return undefined;
    await this.o.redis.multi().del(this.to(address)).srem(this.from(old.home), address).exec();
    return old;
  }

  private to(address: string): string {
    return `${this.prefix}{links}:to:${address}`;
  }

  private from(home: string): string {
    return `${this.prefix}{links}:from:${home}`;
  }
}
