import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id cost settings. The defaults are the library's, which meet OWASP's argon2id minimum. */
export interface PasswordHashCost {
  /** Memory per hash in KiB (default 19456 = 19 MiB). */
  readonly memoryCost?: number;
  /** Passes over the memory (default 2). */
  readonly timeCost?: number;
  /** Lanes (default 1). */
  readonly parallelism?: number;
}

// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * Hashes and checks passwords with argon2id. Passwords are NFC-normalized first, so that the same
 * Persian or Arabic password typed on two keyboards (composed or decomposed letters) still matches.
 */
export class PasswordHasher {
  private readonly cost: Required<PasswordHashCost>;
  private dummy: Promise<string> | undefined;

  constructor(cost: PasswordHashCost = {}) {
    this.cost = {
      memoryCost: cost.memoryCost ?? 19_456,
      timeCost: cost.timeCost ?? 2,
      parallelism: cost.parallelism ?? 1,
    };
  }

  /** A PHC string ("$argon2id$v=19$m=…"), with a fresh random salt. */
  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), { ...this.cost, algorithm: ARGON2ID });
  }

  /** Whether `password` matches `stored`; false (not an exception) for a malformed hash. */
  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  /** Spends the same work as `verify` against a hash nobody knows the password of; always false. */
  async verifyNobody(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64'));
    await this.verify(await this.dummy, password);
    return false;
  }

  /** Whether `stored` was made with other settings than the current ones (then hash again on sign-in). */
  needsRehash(stored: string): boolean {
    try {
      const used = parseOptions(stored);
      return (
        used.algorithm !== ARGON2ID ||
        used.memoryCost !== this.cost.memoryCost ||
        used.timeCost !== this.cost.timeCost ||
        used.parallelism !== this.cost.parallelism
      );
    } catch {
      return true;
    }
  }
}
