import type { Language } from '../core/language.ts';
import type { RedisConnection } from '../core/redis-script.ts';
import { addDays, dayIn } from '../core/time-zone.ts';
import { InboxKeys } from './inbox-keys.ts';
import type { HelpfulVote } from './turn-facts.ts';

/** One article's answers to "did this help?" over a period. */
export interface HelpfulRate {
  readonly language: Language;
  readonly articleId: string;
  readonly yes: number;
  readonly no: number;
  /** yes / (yes + no), 0 to 1. */
  readonly rate: number;
}

export interface HelpfulRatesOptions {
  readonly redis: RedisConnection;
  readonly prefix: string;
  /** BUSINESS_TIME_ZONE: the days votes are counted on. */
  readonly timeZone: string;
}

/** The longest period read, in days. */
export const MAX_RATE_DAYS = 400;

/**
 * Per-article Yes and No answers, counted per business day (a hash per day, `helpful:<day>`, fields
 * `<lang>|<article>|yes` and `|no`), summed over the last days asked for.
 */
export class HelpfulRates {
  private readonly keys: InboxKeys;

  constructor(private readonly o: HelpfulRatesOptions) {
    this.keys = new InboxKeys(o.prefix);
  }

  /** The key and field a vote is counted in (the recorder writes it with the question's occurrence). */
  counterOf(vote: HelpfulVote): { key: string; field: string } {
    return {
      key: this.keys.helpful(dayIn(vote.at, this.o.timeZone)),
      field: `${vote.language}|${vote.articleId}|${vote.helpful ? 'yes' : 'no'}`,
    };
  }

  /** The rates of the `days` business days up to `now` (today included), worst first; `language` filters. */
  async read(options: { now: number; days: number; language?: Language }): Promise<HelpfulRate[]> {
    const days = Math.min(Math.max(Math.floor(options.days), 1), MAX_RATE_DAYS);
    const today = dayIn(options.now, this.o.timeZone);
    const pipeline = this.o.redis.pipeline();
    for (let back = 0; back < days; back++) pipeline.hgetall(this.keys.helpful(addDays(today, -back)));
    const results = (await pipeline.exec()) ?? [];
    const sums = new Map<string, { yes: number; no: number }>();
    for (const [error, hash] of results) {
      if (error) throw error;
      for (const [field, value] of Object.entries(hash as Record<string, string>)) {
        const cut = field.lastIndexOf('|');
        const article = field.slice(0, cut);
        if (options.language && !article.startsWith(`${options.language}|`)) continue;
        const sum = sums.get(article) ?? { yes: 0, no: 0 };
        if (field.endsWith('|yes')) sum.yes += Number(value);
        else sum.no += Number(value);
        sums.set(article, sum);
      }
    }
    const rates: HelpfulRate[] = [];
    for (const [article, { yes, no }] of sums) {
      if (yes + no <= 0) continue;
      const [language, articleId] = article.split('|') as [Language, string];
      rates.push({ language, articleId, yes, no, rate: yes / (yes + no) });
    }
    return rates.sort((a, b) => a.rate - b.rate || b.no - a.no || a.articleId.localeCompare(b.articleId));
  }
}
