import { HamdelError } from '../../core/errors.ts';
import type { VisitorCredentials } from './protocol.ts';
import { isSignedUser, verifyUserHash } from './user-signature.ts';
import type { VisitorRegistry } from './visitor-registry.ts';

/** Who a widget connection speaks for, decided once at its first `hello`. */
export interface WebIdentity {
  readonly conversationId: string;
  /** The customer id agents, Slack and logs see: a visitor's handle or `user:<id>`. It opens nothing. */
  readonly customerId: string;
  /** Credentials made for a new visitor by this connection, sent in its `welcome`. */
  readonly issued?: VisitorCredentials;
  /** Gives an anonymous visitor a new secret (the old one stops working); none for a signed user. */
  readonly rotate?: () => Promise<VisitorCredentials | undefined>;
}

export interface WebIdentityOptions {
  readonly visitors: VisitorRegistry;
  /** IDENTITY_SECRET; without it no signed user is accepted. */
  readonly identitySecret: string | undefined;
}

/** What a `hello` says about who the client is (untrusted input). */
export interface HelloIdentity {
  readonly visitor?: unknown;
  readonly user?: unknown;
}

/** The conversation of an anonymous visitor, named by its handle (never by its id). */
export function visitorConversationId(handle: string): string {
  return `web-${handle}`;
}

/** The conversation of a signed site user: the same on every device. */
export function userConversationId(userId: string): string {
  return `web-user-${userId}`;
}

/**
 * Decides who a connection speaks for: a signed user when the hello carries one (its signature must be
 * right), else the visitor whose credentials it carries (they must match), else a new visitor. A refusal
 * throws IDENTITY_INVALID or VISITOR_SECRET_INVALID, and nothing is opened.
 */
export async function identify(hello: HelloIdentity, o: WebIdentityOptions): Promise<WebIdentity> {
  if (hello.user !== undefined) {
    if (!o.identitySecret) {
      throw new HamdelError('IDENTITY_INVALID', 'Signed users are not enabled on this server.', {
        reason: 'IDENTITY_SECRET is not set',
      });
    }
    if (!isSignedUser(hello.user) || !verifyUserHash(hello.user, o.identitySecret)) {
      throw new HamdelError('IDENTITY_INVALID', 'The signed user was refused.', {
        reason: isSignedUser(hello.user) ? 'wrong user hash' : 'malformed user id or hash',
      });
    }
    const userId = hello.user.id;
    return { conversationId: userConversationId(userId), customerId: `user:${userId}` };
  }
  if (hello.visitor !== undefined) {
    const credentials = hello.visitor as VisitorCredentials;
    const visitor = await o.visitors.verify(credentials);
    if (!visitor) {
      throw new HamdelError(
        'VISITOR_SECRET_INVALID',
        'These visitor credentials are not valid here; connect as a new visitor.',
      );
    }
    return anonymous(visitor.handle, credentials.id, o.visitors);
  }
  const made = await o.visitors.create();
  return { ...anonymous(made.visitor.handle, made.credentials.id, o.visitors), issued: made.credentials };
}

function anonymous(handle: string, visitorId: string, visitors: VisitorRegistry): WebIdentity {
  return {
    conversationId: visitorConversationId(handle),
    customerId: handle,
    rotate: () => visitors.rotate(visitorId),
  };
}
