import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auditArticle,
  auditStyle,
  auditYaml,
  formatStyleFinding,
} from '../../../src/knowledge/style-audit.ts';
import { emptyStyle, type StyleByLanguage } from '../../../src/knowledge/style-check.ts';
import { loadStyleRules } from '../../../src/knowledge/style-file.ts';
import { CONTENT_DIR } from '../../helpers/content.ts';

const styles: StyleByLanguage = {
  en: {
    language: 'en',
    tone: [],
    avoid: [{ phrases: ["can't", 'impossible'], instead: 'Say what we can do.', note: 'Dead end.' }],
  },
  fa: {
    language: 'fa',
    tone: [],
    avoid: [{ phrases: ['نمی‌توان*'], instead: 'بگویید چه می‌شود کرد.' }],
  },
  ar: emptyStyle('ar'),
};

describe('the style audit of content', () => {
  it("names an article's title and body lines, and leaves the customers' example questions alone", () => {
    const article = [
      '---',
      'id: returns',
      'language: en',
      'title: "Returns: impossible?"',
      'questions:',
      "  - why can't I return it",
      'tags: [returns]',
      '---',
      'Returns are easy.',
      '',
      "You can't return opened software, and we can help you another way.",
    ].join('\n');
    const findings = auditArticle('articles/en/returns.md', article, styles);
    expect(findings.map((f) => `${f.line}: ${f.phrase}`)).toEqual(['4: impossible', "11: can't"]);
    expect(formatStyleFinding(findings[1] as (typeof findings)[number])).toBe(
      `articles/en/returns.md:11: "can't" (style: can't): instead: Say what we can do. (Dead end.)`,
    );
  });

  it("reads a catalog's sentences but not its phrase lists, and canned replies' texts", () => {
    const messages = [
      "greeting: 'سلام!'",
      "wait_unknown: 'هنوز نمی‌توانیم زمان را بگوییم.'",
      'closing: |',
      '  ممنون.',
      '  نمی‌توانم بیشتر بگویم.',
      'cancel_requests:',
      '  - نمی‌توانم منتظر بمانم',
    ].join('\n');
    expect(auditYaml('messages/fa.yaml', messages, 'fa', 'messages', styles).map((f) => f.line)).toEqual([
      2, 5,
    ]);
    const canned = [
      '- id: a',
      '  title: "can\'t"',
      "  text: 'Hello {customer}.'",
      '- id: b',
      '  title: B',
      '  text: "Sorry, that\'s impossible."',
    ].join('\n');
    expect(
      auditYaml('canned/en.yaml', canned, 'en', 'canned', styles).map((f) => `${f.line}: ${f.phrase}`),
    ).toEqual(['6: impossible']);
  });

  it('finds nothing in the shipped content under the shipped style', async () => {
    const shipped = await loadStyleRules(path.join(CONTENT_DIR, 'style'));
    expect((await auditStyle(CONTENT_DIR, shipped)).map(formatStyleFinding)).toEqual([]);
  });
});
