import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignedUser } from './protocol.ts';

/** A site's user id as hamdel accepts it: 1 to 120 of letters, digits and `_ . @ + - :`. */
const USER_ID = /^[\w.@+:-]{1,120}$/;
const HASH = /^[0-9a-fA-F]{64}$/;

/** The user hash a site's server computes: hex HMAC-SHA256 of the user id (UTF-8) with IDENTITY_SECRET. */
export function userHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** True for a value shaped like a signed user (id and a 64-hex-digit hash), whatever the signature. */
export function isSignedUser(value: unknown): value is SignedUser {
  if (typeof value !== 'object' || value === null) return false;
  const { id, hash } = value as Record<string, unknown>;
  return typeof id === 'string' && USER_ID.test(id) && typeof hash === 'string' && HASH.test(hash);
}

/** True when the hash is the user id's signature with `secret`, compared in constant time. */
export function verifyUserHash(user: SignedUser, secret: string): boolean {
  if (!isSignedUser(user)) return false;
  const expected = Buffer.from(userHash(user.id, secret), 'hex');
  const given = Buffer.from(user.hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
