/**
 * The knowledge base's health report on a small content folder written for it (health-content/: five
 * distinct topics in English and in Persian): the clean folder has no conflict, near duplicate or thin
 * article; a copy with a planted conflict, a planted near duplicate and a planted thin article has each
 * found, in both languages. The leave-one-out counts every example question once.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateArticles } from '../../../src/knowledge/evaluation.ts';
import { checkHealth, type HealthReport } from '../../../src/knowledge/health.ts';
import { formatHealthReport } from '../../../src/knowledge/health-text.ts';
import { KnowledgeBase, type KnowledgeSnapshot } from '../../../src/knowledge/knowledge-base.ts';
import { buildIndex } from '../../../src/knowledge/search-index.ts';

const CLEAN = fileURLToPath(new URL('./health-content/articles/', import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function load(articlesDir: string): Promise<KnowledgeSnapshot> {
  return new KnowledgeBase({ articlesDir, buildIndex }).load();
}

function file(id: string, language: string, title: string, questions: string[], body: string): string {
  const list = questions.map((q) => `  - ${q}\n`).join('');
  return `---\nid: ${id}\nlanguage: ${language}\ntitle: ${title}\nquestions:\n${list}---\n${body}\n`;
}

/** The clean folder with, in each language, a conflict, a near duplicate and a thin article planted. */
function planted(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hamdel-health-'));
  dirs.push(dir);
  cpSync(CLEAN, dir, { recursive: true });
  const plant = (
    language: string,
    conflict: string,
    copy: { id: string; title: string; questions: string[] },
    thin: string[],
  ) => {
    // A delivery question among the returns article's questions.
    const returns = path.join(dir, language, 'returns.md');
    writeFileSync(
      returns,
      readFileSync(returns, 'utf8').replace('questions:\n', `questions:\n  - ${conflict}\n`),
    );
    // The password article again, with a new title and questions in other words.
    const original = readFileSync(path.join(dir, language, 'password-reset.md'), 'utf8');
    const body = original.slice(original.indexOf('\n---\n') + 5).trim();
    writeFileSync(
      path.join(dir, language, `${copy.id}.md`),
      file(copy.id, language, copy.title, copy.questions, body),
    );
    // An article with two example questions.
    writeFileSync(
      path.join(dir, language, 'gift-wrap.md'),
      file(
        'gift-wrap',
        language,
        language === 'en' ? 'Gift wrapping' : 'کادوپیچ',
        thin,
        language === 'en'
          ? 'We wrap any order as a gift for 10 AED.'
          : 'هر سفارشی را با ۱۰۰ هزار تومان کادو می‌کنیم.',
      ),
    );
  };
  plant(
    'en',
    'how many days until my delivery arrives',
    {
      id: 'login-help',
      title: 'Trouble signing in',
      questions: [
        'i forgot the password of my account',
        'reset my password please',
        'the reset email did not come',
        'i cannot sign in',
        'my login does not work',
      ],
    },
    ['can you wrap it as a gift', 'gift wrapping'],
  );
  plant(
    'fa',
    'تحویل سفارشم چند روز طول می‌کشد',
    {
      id: 'login-help',
      title: 'مشکل ورود به حساب',
      questions: [
        'رمز حسابم یادم رفته',
        'رمزم را بازیابی کنید',
        'ایمیل بازیابی نرسید',
        'وارد حسابم نمی‌شوم',
        'ورودم کار نمی‌کند',
      ],
    },
    ['کادو می‌کنید؟', 'کادوپیچ سفارش'],
  );
  return dir;
}

describe('the health report', () => {
  const clean: Record<string, HealthReport> = {};

  it('finds nothing wrong in a clean knowledge base', async () => {
    const snapshot = await load(CLEAN);
    for (const language of ['en', 'fa'] as const) {
      const report = checkHealth(snapshot, language);
      clean[language] = report;
      expect(report.conflicts, language).toEqual([]);
      expect(report.nearDuplicates, language).toEqual([]);
      expect(report.thin, language).toEqual([]);
      expect(report.articles).toBe(5);
      // Every example question asked once: right + wrong + abstained.
      const { asked, right, wrong, abstained } = report.leaveOneOut;
      expect(asked).toBe(report.questions);
      expect(right + wrong + abstained).toBe(asked);
      expect(wrong).toBe(0);
    }
  }, 30_000);

  it('finds a planted conflict, near duplicate and thin article in each language', async () => {
    const snapshot = await load(planted());
    for (const [language, conflict] of [
      ['en', 'how many days until my delivery arrives'],
      ['fa', 'تحویل سفارشم چند روز طول می‌کشد'],
    ] as const) {
      const report = checkHealth(snapshot, language);
      expect(report.conflicts, language).toContainEqual(
        expect.objectContaining({
          article: expect.objectContaining({ id: 'returns' }),
          question: conflict,
          answeredBy: expect.objectContaining({ id: 'delivery-times' }),
        }),
      );
      expect(
        report.nearDuplicates.map((d) => [d.a.id, d.b.id].sort()),
        language,
      ).toContainEqual(['login-help', 'password-reset']);
      expect(report.nearDuplicates.every((d) => d.similarity >= 0.75 || d.textSimilarity >= 0.8)).toBe(true);
      expect(report.thin, language).toEqual([
        { article: { id: 'gift-wrap', title: expect.any(String) }, questions: 2 },
      ]);
      expect(report.leaveOneOut.wrong, language).toBeGreaterThan(clean[language]?.leaveOneOut.wrong ?? 0);
      const text = formatHealthReport(report).join('\n');
      expect(text).toContain(`${language}/returns: "${conflict}" -> delivery-times`);
      expect(text).toContain(`${language}/gift-wrap: 2`);
    }
  }, 60_000);

  it("counts the leave-one-out with the evaluation's own code", async () => {
    // Round k of the report is evaluateArticles over the articles without their k-th question.
    const snapshot = await load(CLEAN);
    const articles = snapshot.articles.filter((a) => a.language === 'en');
    const rounds = Math.max(...articles.map((a) => a.questions.length));
    let right = 0;
    for (let k = 0; k < rounds; k++) {
      const held = articles.flatMap((a) => {
        const text = a.questions[k];
        return text === undefined ? [] : [{ text, label: a.id }];
      });
      const kept = articles.map((a) => ({ ...a, questions: a.questions.filter((_, i) => i !== k) }));
      const run = evaluateArticles(kept, held, { language: 'en', index: snapshot.indexOptions });
      right += run.clean.rows.filter((row) => !row.abstained && row.ranked[0] === row.label).length;
    }
    expect(checkHealth(snapshot, 'en').leaveOneOut.right).toBe(right);
  }, 30_000);
});
