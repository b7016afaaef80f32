/**
 * Shared by the fuzz suites: what every answer to bad input must look like, and arbitraries of the texts
 * customers actually write (Persian, Arabic, English, mixed, with control and bidi characters).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

/** The error codes docs/errors.md lists (the first column of its tables). */
export const DOCUMENTED_CODES: ReadonlySet<string> = new Set(
  [
    ...readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').matchAll(
      /^\| `([A-Z_]+)`/gm,
    ),
  ].map((match) => match[1] ?? ''),
);

/** An HTTP answer to bad input: never a 5xx, and a refusal is `{code, message}` with a documented code. */
export async function expectClearAnswer(response: Response, what: string): Promise<void> {
  const text = await response.text();
  expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status < 400) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: a ${response.status} whose body is not JSON: ${text.slice(0, 200)}`);
  }
  const { code, message } = body as { code?: unknown; message?: unknown };
  expect(typeof message === 'string' && message.length > 0, `${what}: no message in ${text}`).toBe(true);
  expect(DOCUMENTED_CODES.has(String(code)), `${what}: code ${String(code)} is not in docs/errors.md`).toBe(
    true,
  );
}

const persian = fc.constantFrom('سلام', 'سفارشم کجاست؟', 'پس دادن کالا', '۱۲۳۴', 'می‌خواهم', 'ك', 'ي');
const arabic = fc.constantFrom('مرحبا', 'أين طلبي؟', 'إرجاع المنتج', '٤٥٦', 'ـــ', 'ة');
const english = fc.constantFrom('hello', 'where is my order', 'refund', 'iPhone 15', 'ORDER-42');
const oddities = fc.constantFrom(
  '\u200f',
  '\u202e',
  '\u2066',
  '\u200d',
  '\u0000',
  '\ufeff',
  '\ud83d\ude21',
  '<script>alert(1)</script>',
  '${x}',
  '%s%n',
  '\r\n',
  ' ',
);

/** Texts as customers write them, and worse: mixed scripts, bidi controls, NULs, emoji, lone surrogates. */
export const customerText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.oneof(persian, arabic, english, oddities), { maxLength: 12 }).map((parts) => parts.join(' ')),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 40 }),
);

/** Any JSON value, shallow enough to send quickly. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A value of any JSON type, for a field that expects one kind. */
export const anyField: fc.Arbitrary<unknown> = fc.oneof(
  customerText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** How many cases each property tries (bounded: the suite runs in CI). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
