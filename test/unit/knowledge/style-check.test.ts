import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStyleIssues, type StyleRules } from '../../../src/knowledge/style-check.ts';
import { loadStyleRules } from '../../../src/knowledge/style-file.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

const rules = (language: StyleRules['language'], avoid: StyleRules['avoid']): StyleRules => ({
  language,
  tone: [],
  avoid,
});

/** The underlined words: what `start`/`end` select in the text itself. */
const marked = (text: string, style: StyleRules): string[] =>
  findStyleIssues(text, style).map((issue) => {
    expect(text.slice(issue.start, issue.end)).toBe(issue.phrase);
    return issue.phrase;
  });

describe('findStyleIssues', () => {
  const en = rules('en', [
    {
      phrases: ["can't", 'cannot', 'refus*'],
      instead: 'say what we can do',
      note: 'ends the talk',
      except: ["can't wait"],
    },
    { phrases: ['you forgot to'], instead: 'describe what happened' },
  ]);

  it('gives each phrase with its place in the text as written, the rule and the alternative', () => {
    const text = 'Sorry, we CAN’T do that 🙂 and we refused it.';
    const issues = findStyleIssues(text, en);
    expect(issues).toEqual([
      {
        start: 10,
        end: 15,
        phrase: 'CAN’T',
        avoid: "can't",
        instead: 'say what we can do',
        note: 'ends the talk',
        rule: 0,
      },
      expect.objectContaining({ phrase: 'refused', avoid: 'refus*', rule: 0 }),
    ]);
    expect(text.slice(issues[1]?.start, issues[1]?.end)).toBe('refused');
  });

  it('leaves a wording of `except` alone, and never reads a phrase across a sentence mark', () => {
    expect(marked("We can't wait to see you; you can't miss it.", en)).toEqual(["can't"]);
    expect(marked('Forgot to add it at checkout? No problem: you forgot to? Fine.', en)).toEqual([
      'you forgot to',
    ]);
    expect(marked('Tell us if you. Forgot to add it? Call.', en)).toEqual([]);
    expect(marked('Nothing here to mark.', rules('en', []))).toEqual([]);
  });

  it('matches Persian whatever the keyboard: ي/ی, ك/ک, ZWNJ or a space, harakat, any ending after *', () => {
    const fa = rules('fa', [
      { phrases: ['نمی‌توان*', 'تقصیر شما*', 'متأسفانه'], instead: 'بگویید چه می‌شود کرد' },
    ]);
    const text = 'متاسفانه نمي توانيم؛ نمی‌توانند، نميتوانم. تقصير شماست! متأسفانه';
    expect(marked(text, fa)).toEqual([
      'متاسفانه',
      'نمي توانيم',
      'نمی‌توانند',
      'نميتوانم',
      'تقصير شماست',
      'متأسفانه',
    ]);
    // "می‌توانیم" (we can) is not "نمی‌توانیم".
    expect(marked('می‌توانیم همین حالا درستش کنیم.', fa)).toEqual([]);
  });

  it('matches Arabic with و، ف and ال glued to the front, hamza and teh marbuta variants', () => {
    const ar = rules('ar', [
      { phrases: ['للأسف', 'مستحيل*', 'لا يمكن*', 'ولا يمكن*'], instead: 'قل ما يمكننا فعله' },
    ]);
    const text = 'وللاسف هذا مستحيلة، والمستحيل لا يمكننا ولا يمكنك.';
    expect(marked(text, ar)).toEqual(['وللاسف', 'مستحيلة', 'والمستحيل', 'لا يمكننا', 'ولا يمكنك']);
    expect(marked('يمكننا إرجاعه اليوم.', ar)).toEqual([]);
  });

  it('finds the shipped rules in the words the founding articles name, in the three languages', async () => {
    const styles = await loadStyleRules(path.join(CONTENT_DIR, 'style'));
    expect(marked("We can't change it; it's impossible, unfortunately.", styles.en)).toEqual([
      "can't",
      'impossible',
      'unfortunately',
    ]);
    expect(marked('این کار غیرممکن است و نمی‌توانیم سفارش را عوض کنیم.', styles.fa)).toEqual([
      'غیرممکن',
      'نمی‌توانیم',
    ]);
    expect(marked('للأسف لا نستطيع تغيير الطلب، هذا مستحيل.', styles.ar)).toEqual([
      'للأسف',
      'لا نستطيع',
      'مستحيل',
    ]);
    // The customers' questions may say it; what we write does not.
    expect(marked('We will change it today, and here is how.', styles.en)).toEqual([]);
  });

  it('is fast enough to run on every keystroke of a long article', () => {
    const text = 'We ship across the GCC and, unfortunately, we cannot ship elsewhere. '.repeat(400);
    const started = performance.now();
    const issues = findStyleIssues(text, en);
    const elapsed = performance.now() - started;
    expect(issues).toHaveLength(400);
    expect(elapsed).toBeLessThan(200);
  });
});
