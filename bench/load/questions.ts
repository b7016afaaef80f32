import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../../src/core/language.ts';
import { parse as parseYaml } from 'yaml';
import { containsPhrase } from '../../src/dialogs/phrases.ts';
import { parseArticleFile } from '../../src/knowledge/article-file.ts';
import { REPO_ROOT } from './hamdel-process.ts';
import { shuffled } from './random.ts';

export type QuestionPools = ReadonlyMap<Language, readonly string[]>;

/**
 * Customers' questions from the sample articles (content/articles/<fa|ar|en>), per language. Articles that
 * need a person, and questions that ask for one (the catalog's `person_requests`), are left out: those turns
 * hand the customer to an agent, after which the bot is silent and a load run would measure a queue of
 * waiting customers instead of answered turns.
 */
export function loadQuestions(): QuestionPools {
  const root = path.join(REPO_ROOT, 'content', 'articles');
  const personRequests = (['fa', 'ar', 'en'] as const).flatMap((language) => {
    const file = path.join(REPO_ROOT, 'content', 'messages', `${language}.yaml`);
    const catalog = parseYaml(readFileSync(file, 'utf8')) as { person_requests?: unknown };
    return Array.isArray(catalog.person_requests) ? catalog.person_requests.map(String) : [];
  });
  const pools = new Map<Language, string[]>();
  for (const language of ['fa', 'ar', 'en'] as const) {
    const dir = path.join(root, language);
    const questions: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.md'))) {
      const article = parseArticleFile(file, readFileSync(path.join(dir, file), 'utf8'));
      if (article.needsPerson) continue;
      questions.push(...article.questions.filter((question) => !containsPhrase(question, personRequests)));
    }
    pools.set(language, questions);
  }
  return pools;
}

/** The language of conversation number `index`: fa, ar and en in turn. */
export function languageOf(index: number): Language {
  return (['fa', 'ar', 'en'] as const)[index % 3] ?? 'en';
}

/**
 * The questions one conversation asks, in its own language: the pool in an order of its own, so that a
 * conversation does not repeat itself (a repeated question reads as frustration) until it has asked them all.
 */
export class QuestionSequence {
  private next = 0;
  private readonly order: readonly string[];

  constructor(pools: QuestionPools, language: Language, seed: number) {
    this.order = shuffled(pools.get(language) ?? ['hello'], seed);
  }

  take(): string {
    const question = this.order[this.next % this.order.length] ?? 'hello';
    this.next += 1;
    return question;
  }
}
