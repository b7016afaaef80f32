import type { Language } from '../core/language.ts';

/**
 * Every key of the unanswered inbox and the helpful rates, under one hash tag (`{inbox}`) so that a
 * transaction over several of them works on a Redis Cluster (docs/privacy.md lists them):
 * - `occ:<lang>`: stream of failed questions in one language, one entry per turn (fields `at`, `kind`,
 *   `q` the question, `art` the article given or empty, `conv` the conversation, `who` the customer
 *   `<channel>:<id>`), trimmed by age
 * - `turn:<turn id>`: a turn already recorded (src/core/seen-once.ts)
 * - `cursor:<lang>`: the last `occ:<lang>` entry put into a group
 * - `groups:<lang>`: sorted set of the language's groups by last seen (ms)
 * - `group:<id>`: hash of one group (status, counts, examples, articles; inbox-group.ts), and
 *   `group:<id>:who`: set of the customers it counts
 * - `seq`: counter of group ids; `lock:<lang>`: held while a language's new questions are grouped or a
 *   group's status changes
 * - `visits`: hash of editors' last visits (agent id → ms)
 * - `helpful:<YYYY-MM-DD>`: hash of yes and no answers per article on one business day
 *   (`<lang>|<article>|yes`, `<lang>|<article>|no`)
 */
export class InboxKeys {
  readonly base: string;

  constructor(prefix: string) {
    this.base = `${prefix}{inbox}:`;
  }

  occurrences(language: Language): string {
    return `${this.base}occ:${language}`;
  }

  turn(turnId: string): string {
    return `${this.base}turn:${turnId}`;
  }

  cursor(language: Language): string {
    return `${this.base}cursor:${language}`;
  }

  groups(language: Language): string {
    return `${this.base}groups:${language}`;
  }

  group(id: string): string {
    return `${this.base}group:${id}`;
  }

  customers(id: string): string {
    return `${this.base}group:${id}:who`;
  }

  get sequence(): string {
    return `${this.base}seq`;
  }

  lock(language: Language): string {
    return `${this.base}lock:${language}`;
  }

  get visits(): string {
    return `${this.base}visits`;
  }

  helpful(day: string): string {
    return `${this.base}helpful:${day}`;
  }
}
