import { describe, expect, it } from 'vitest';
import { replyView } from '../../../src/adapters/http/reply-view.ts';
import { LRI, LRM, PDI, RLM } from '../../../src/language/bidi.ts';

const view = (text: string, language: 'fa' | 'ar' | 'en') =>
  replyView({ text, language, author: { kind: 'bot' }, at: 0 }).plainText;

describe("a reply's plain text", () => {
  it('is laid out by its own words, the same each time it is asked for', () => {
    const text = 'کد پیگیری **ORD-12345** است.';
    const first = view(text, 'fa');
    expect(first).toBe(`کد پیگیری ${LRI}ORD-12345${PDI} است.`);
    expect(view(text, 'fa')).toBe(first);
    expect(view(text, 'en')).toBe(first); // its words decide, not the language
  });

  it("follows the language's direction when the text has no letters, whichever was asked first", () => {
    expect(view('09:00-21:00', 'fa')).toBe(`${RLM}09:00-21:00`);
    expect(view('09:00-21:00', 'en')).toBe(`${LRM}09:00-21:00`);
    expect(view('09:00-21:00', 'ar')).toBe(`${RLM}09:00-21:00`);
  });
});
