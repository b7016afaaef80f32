import { describe, expect, it } from 'vitest';
import { isSignedUser, userHash, verifyUserHash } from '../../../src/adapters/web/user-signature.ts';

/** RFC 4231-style published example: HMAC-SHA256 with key "key" over the pangram. */
const PANGRAM = 'The quick brown fox jumps over the lazy dog';
const PANGRAM_HMAC = 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8';

describe('signed site users', () => {
  it('signs like any HMAC-SHA256 library (the hash a site computes on its server)', () => {
    expect(userHash(PANGRAM, 'key')).toBe(PANGRAM_HMAC);
  });

  it('accepts the right hash (either hex case) and nothing else', () => {
    const secret = 's'.repeat(40);
    const hash = userHash('user-42', secret);
    expect(verifyUserHash({ id: 'user-42', hash }, secret)).toBe(true);
    expect(verifyUserHash({ id: 'user-42', hash: hash.toUpperCase() }, secret)).toBe(true);
    expect(verifyUserHash({ id: 'user-43', hash }, secret)).toBe(false);
    expect(verifyUserHash({ id: 'user-42', hash }, `${secret}x`)).toBe(false);
    expect(verifyUserHash({ id: 'user-42', hash: hash.slice(2) }, secret)).toBe(false);
    expect(verifyUserHash({ id: 'user-42', hash: `${hash.slice(0, 63)}g` }, secret)).toBe(false);
  });

  it('takes user ids of letters, digits and _ . @ + - : only, up to 120', () => {
    const hash = '0'.repeat(64);
    for (const id of ['42', 'jane.doe+shop@example.com', 'crm:7f3a-1']) {
      expect(isSignedUser({ id, hash })).toBe(true);
    }
    for (const id of ['', 'a b', 'x'.repeat(121), 'a/b', '{slot}', 42]) {
      expect(isSignedUser({ id, hash })).toBe(false);
    }
  });
});
