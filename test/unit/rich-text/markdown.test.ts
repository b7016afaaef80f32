/**
 * The one Markdown core: the parser's tree, the bidi layout (each block's own direction, isolates) and the
 * plain-text output, on Persian, Arabic and English messages; Telegram's and Slack's outputs are checked
 * through their fake servers (test/integration/telegram, test/integration/slack).
 */
import { describe, expect, it } from 'vitest';
import { LRI, PDI, RLM } from '../../../src/language/bidi.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { layOutText } from '../../../src/rich-text/bidi-layout.ts';
import { parseMarkdown } from '../../../src/rich-text/parse-markdown.ts';
import { renderPlainText } from '../../../src/rich-text/plain-text.ts';
import type { Inline } from '../../../src/rich-text/rich-text.ts';

const plain = (text: string, fallback: 'rtl' | 'ltr' = 'rtl') =>
  renderPlainText(layOutText(text, { fallback }));
const ltr = (text: string) => `${LRI}${text}${PDI}`;

describe('parseMarkdown', () => {
  it('reads paragraphs, line breaks, headings, lists, bold, links and bare URLs', () => {
    const blocks = parseMarkdown(
      '# عنوان\nخط اول\nخط دوم\n\n- **تلفن:** +971 4 555 0100\n  - زیر\n1. یک [پیوند](https://x.example/a)\n۲) دو https://x.example/b،',
    );
    expect(blocks.map((b) => [b.kind, b.spaced])).toEqual([
      ['heading', false],
      ['paragraph', false],
      ['list', true],
      ['list', false],
    ]);
    const [, paragraph, bullets, numbers] = blocks;
    expect(paragraph).toMatchObject({
      children: [{ kind: 'text', text: 'خط اول' }, { kind: 'break' }, { kind: 'text', text: 'خط دوم' }],
    });
    expect(bullets).toMatchObject({
      ordered: false,
      items: [
        {
          depth: 0,
          children: [
            { kind: 'strong', children: [{ kind: 'text', text: 'تلفن:' }] },
            { kind: 'text', text: ' +971 4 555 0100' },
          ],
        },
        { depth: 1, children: [{ kind: 'text', text: 'زیر' }] },
      ],
    });
    expect(numbers).toMatchObject({
      ordered: true,
      items: [
        {
          marker: '1.',
          children: [
            { kind: 'text', text: 'یک ' },
            { kind: 'link', href: 'https://x.example/a', bare: false },
          ],
        },
        {
          marker: '۲)',
          children: [
            { kind: 'text', text: 'دو ' },
            { kind: 'link', href: 'https://x.example/b', bare: true },
            { kind: 'text', text: '،' },
          ],
        },
      ],
    });
  });

  it('never makes links of other schemes', () => {
    const [block] = parseMarkdown('[x](javascript:alert(1)) and [y](data:text/html,hi)');
    const kinds = block?.kind === 'paragraph' ? block.children.map((c: Inline) => c.kind) : [];
    expect(kinds).toEqual(['text']);
  });
});

describe('the bidi layout', () => {
  it('gives each message and block the direction of its own words', () => {
    const message = layOutText('Admin از تیم پشتیبانی به گفت‌وگو پیوست.\n\nThe order ships today.', {
      fallback: 'ltr',
    });
    expect(message.direction).toBe('rtl');
    expect(message.blocks.map((b) => b.direction)).toEqual(['rtl', 'ltr']);
    expect(layOutText('+971 4 555 0100', { fallback: 'rtl' }).direction).toBe('rtl');
    expect(layOutText('+971 4 555 0100', { fallback: 'ltr' }).direction).toBe('ltr');
  });

  it('isolates a bare URL as one left-to-right run in Persian and Arabic, and not in English', () => {
    const [fa] = layOutText('ببینید https://tabasom.example/returns را', { fallback: 'rtl' }).blocks;
    expect(fa).toMatchObject({
      children: [
        { kind: 'text', text: 'ببینید ' },
        { kind: 'isolate', direction: 'ltr', children: [{ kind: 'link', bare: true }] },
        { kind: 'text', text: ' را' },
      ],
    });
    const [en] = layOutText('See https://tabasom.example/returns now', { fallback: 'ltr' }).blocks;
    expect(en).toMatchObject({ children: [{ kind: 'text' }, { kind: 'link' }, { kind: 'text' }] });
  });

  it('changes digits of running text only, never of URLs, through `transform`', () => {
    const message = layOutText('۳ روز https://x.example/r/42', {
      fallback: 'rtl',
      transform: (text) => text.replace(/۳/g, '3'),
    });
    expect(renderPlainText(message)).toBe(`3 روز ${ltr('https://x.example/r/42')}`);
  });
});

describe('list numbers', () => {
  it('follow the reader’s digits like the running text', () => {
    const [list] = layOutText('1. یک\n2. دو', {
      fallback: 'rtl',
      transform: (text) => localizeDigits(text, 'ar', DEFAULT_DIGIT_POLICY),
    }).blocks;
    expect(list?.kind === 'list' && list.items.map((item) => item.marker)).toEqual(['١.', '٢.']);
  });
});

describe('plain text', () => {
  it('writes a Persian answer with its phone number, e-mail and 3-D Secure isolated', () => {
    const text =
      'از این راه‌ها:\n\n- **تلفن:** +971 4 555 0100\n- **ایمیل:** support@tabasom.example\n- کد بانک (3-D Secure) را وارد کنید.';
    expect(plain(text)).toBe(
      [
        'از این راه‌ها:',
        '',
        `• تلفن: ${ltr('+971 4 555 0100')}`,
        `• ایمیل: ${ltr('support@tabasom.example')}`,
        `• کد بانک (${ltr('3-D Secure')}) را وارد کنید.`,
      ].join('\n'),
    );
  });

  it('starts an Arabic line that opens with a Latin name with a right-to-left mark', () => {
    expect(plain('Admin من فريقنا انضم إلى المحادثة.')).toBe(
      `${RLM}${ltr('Admin')} من فريقنا انضم إلى المحادثة.`,
    );
  });

  it('leaves English as it is, and writes links as label (address)', () => {
    expect(plain('Call +971 4 555 0100 or [write to us](mailto:support@tabasom.example).', 'ltr')).toBe(
      `Call +971 4 555 0100 or write to us (${ltr('support@tabasom.example')}).`,
    );
  });
});
