/**
 * Who this visitor is and which conversation they are in, kept across reloads so a returning visitor
 * continues where they left off (docs/identity.md).
 *
 * An anonymous visitor's id and secret are made by the server (in its first `welcome`) and kept only in
 * this browser's storage; every `hello` presents them, and the server opens the conversation only for
 * them. A signed-in site user (data-user-id and data-user-hash, or window.hamdel.identify) is presented
 * instead, and stores nothing: the same user's conversation opens on any device.
 *
 * Ids made by older widgets in the browser (a `visitor` with no `secret`) are dropped: the server never
 * trusts them, so such a visitor starts as a new one.
 */
import type { SignedUser, VisitorCredentials } from '../../src/adapters/web/protocol.ts';
import type { KeyValueStore } from './storage.ts';

/** What a `hello` says about who it is. */
export interface HelloIdentity {
  readonly visitor?: VisitorCredentials;
  readonly user?: SignedUser;
}

export interface Identity {
  /** Who the next `hello` says it is (read from storage each time: another tab may have rotated it). */
  hello(): HelloIdentity;
  conversationId(): string | undefined;
  rememberConversation(conversationId: string): void;
  /** Keeps the credentials the server issued (first `welcome`) or rotated (`visitor` frame). */
  rememberVisitor(credentials: VisitorCredentials): void;
  /** The server refused the stored credentials: forget them, so the next `hello` is a new visitor's. */
  forgetVisitor(): void;
  /** Signs a site user in (or out, with undefined) for this page. */
  setUser(user: SignedUser | undefined): void;
  readonly user: SignedUser | undefined;
}

export function loadIdentity(store: KeyValueStore, user: SignedUser | undefined): Identity {
  if (store.get('visitor') && !store.get('secret')) {
    // An id an older widget made up: it opens nothing any more, so neither does the conversation it named.
    store.delete('visitor');
    store.delete('conversation');
  }
  let signedUser = user;
  return {
    hello: () => {
      if (signedUser) return { user: signedUser };
      const id = store.get('visitor');
      const secret = store.get('secret');
      return id && secret ? { visitor: { id, secret } } : {};
    },
    conversationId: () => store.get('conversation') || undefined,
    rememberConversation: (conversationId) => store.set('conversation', conversationId),
    rememberVisitor: (credentials) => {
      store.set('visitor', credentials.id);
      store.set('secret', credentials.secret);
    },
    forgetVisitor: () => {
      store.delete('visitor');
      store.delete('secret');
    },
    setUser: (next) => {
      signedUser = next;
    },
    get user() {
      return signedUser;
    },
  };
}
