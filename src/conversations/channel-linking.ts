import type { AuditLog } from '../core/audit-log.ts';
import type { InboundMessage } from '../core/message.ts';
import type { Conversation } from './conversation.ts';
import type { ConversationEvents } from './conversation-events.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { ConversationLink, ConversationLinks } from './conversation-links.ts';
import { isShownLinkCode, readLinkCode, type IssueResult, type LinkCodes } from './link-codes.ts';

export interface ChannelLinkingOptions {
  readonly links: ConversationLinks;
  readonly codes: LinkCodes;
  /** Links made and undone are written here (who, which address, which conversation). */
  readonly audit?: AuditLog;
  /** Told on the address when it joins a home (`moved`), so an open widget follows it there. */
  readonly events?: ConversationEvents;
  /** Where a home's replies go: after an unlink they go back to its own channel if they went there. */
  readonly store?: Pick<ConversationStore, 'get' | 'update'>;
}

/**
 * One customer across channels, at the one place every message comes in (the turn queue's `resolve`): a
 * message from a linked address goes to the customer's home conversation, keeping its own address; a
 * message that is a link code (or Telegram's `/start CODE`) uses it, joining its address to the code's
 * conversation, and is marked with what happened so the dialog can say so. Codes are asked for and links
 * undone from the dialog (src/dialogs/steps/link-channels.ts) and the console.
 */
export class ChannelLinking {
  constructor(private readonly o: ChannelLinkingOptions) {}

  /** How long a code can be used, in whole minutes (LINK_CODE_MINUTES). */
  get codeMinutes(): number {
    return this.o.codes.lifetimeMinutes;
  }

  /**
   * The message as the turn queue takes it: in its home conversation, with what a code in it did. A code
   * used on purpose (Telegram's `/start CODE`, or written as shown: two groups of four) that fails is
   * refused; eight digits in a row that are no live code are plain text (an order number, say), though the
   * try counts toward the limits, and past them such numbers are not tried at all.
   */
  async resolve(message: InboundMessage): Promise<InboundMessage> {
    const address = message.conversationId;
    const { linkCode, text } = message;
    // A deep link's payload that is no code (some other start parameter) is a plain hello.
    const code = [linkCode, text].find((t) => t !== undefined && readLinkCode(t));
    if (code === undefined) {
      const home = await this.o.links.homeOf(address);
      if (home !== undefined) await this.o.links.touch(address, home);
      return this.moved(message, home);
    }
    const explicit = code === linkCode || isShownLinkCode(code);
    const redeemed = await this.o.codes.redeem(code, address);
    if (!redeemed.ok) {
      const home = this.moved(message, await this.o.links.homeOf(address));
      return explicit ? { ...home, link: { kind: 'refused', reason: redeemed.reason } } : home;
    }
    const { grant } = redeemed;
    const home = (await this.o.links.homeOf(grant.home)) ?? grant.home;
    if (await this.o.links.link(address, message.channel, home)) {
      await this.o.audit?.record(`customer:${address}`, 'channel-linked', address, {
        home,
        channel: message.channel,
        askedFrom: grant.address,
      });
      await Promise.all([
        this.o.events?.publish(address, { type: 'moved', to: home }),
        this.o.events?.publish(home, { type: 'linked', address }),
      ]);
    }
    return { ...this.moved(message, home === address ? undefined : home), link: { kind: 'joined' } };
  }

  /** A new code for the customer of `home`, asked for from `address`. */
  issue(home: string, address: string): Promise<IssueResult> {
    return this.o.codes.issue(home, address);
  }

  /** The home conversation `address` is linked to, if any. */
  homeOf(address: string): Promise<string | undefined> {
    return this.o.links.homeOf(address);
  }

  /** The addresses linked to `home`. */
  linksOf(home: string): Promise<ConversationLink[]> {
    return this.o.links.linksOf(home);
  }

  /**
   * Parts `address` from its home (asked by the customer or an agent, `by`); the link it had. The home's
   * replies go back to its own channel if they went to that address, unless `keepRoute` (the customer
   * asked from that very address: this turn's answer still goes there, and the turn sends the home's
   * replies back once it has delivered it: the `routeHome` effect).
   */
  async unlink(address: string, by: string, keepRoute = false): Promise<ConversationLink | undefined> {
    const old = await this.o.links.unlink(address);
    const home = old && !keepRoute ? await this.o.store?.get(old.home) : undefined;
    if (home && this.o.store) await routeBackHome(this.o.store, home, address);
    if (old) {
      await this.o.events?.publish(old.home, { type: 'unlinked', address });
      await this.o.audit?.record(by, 'channel-unlinked', address, {
        home: old.home,
        channel: old.channel,
      });
    }
    return old;
  }

  private moved(message: InboundMessage, home: string | undefined): InboundMessage {
    return home === undefined
      ? message
      : { ...message, conversationId: home, address: message.conversationId };
  }
}

/**
 * A home whose replies go to `address` (the customer wrote there last) sends them on its own channel again:
 * that address was parted from it. Nothing changes when they go elsewhere already.
 */
export async function routeBackHome(
  store: Pick<ConversationStore, 'update'>,
  home: Conversation,
  address: string,
): Promise<void> {
  if (home.lastAddress !== address) return;
  await store.update(home.id, { lastChannel: home.channel, lastAddress: home.id });
}
