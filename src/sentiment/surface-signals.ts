/**
 * Signals in how a message is typed rather than in its words: shouting (capitals), repeated
 * punctuation ("!!!", "؟؟؟", "?!") and angry emoji. They are the same in every language.
 */
import type { Reason } from './reason.ts';

/** Emoji that show anger or exasperation, with their weight (🤦 with any skin tone or gender). */
const ANGRY_EMOJI: ReadonlyMap<string, number> = new Map([
  ['😡', 0.45],
  ['🤬', 0.6],
  ['😠', 0.4],
  ['👿', 0.3],
  ['💢', 0.35],
  ['🖕', 0.6],
  ['😤', 0.25],
  ['🙄', 0.2],
  ['😒', 0.15],
  ['👎', 0.3],
  ['💩', 0.35],
  ['🤡', 0.35],
  ['😾', 0.3],
  ['🤦', 0.25],
  ['🤯', 0.25],
  ['😩', 0.2],
  ['😫', 0.2],
  ['😑', 0.15],
  ['😖', 0.15],
  ['🙃', 0.15],
]);
const EMOJI_PATTERN = new RegExp([...ANGRY_EMOJI.keys()].join('|'), 'gu');
const PUNCTUATION_RUN = /[!?؟！？]{2,}/g;
const LATIN_WORD = /\b[A-Za-z][A-Za-z']*\b/g;
/** Upper-case words that are names and abbreviations, not shouting. */
const ACRONYMS = new Set([
  'OK',
  'ID',
  'USA',
  'UK',
  'EU',
  'PDF',
  'SMS',
  'PIN',
  'ATM',
  'IBAN',
  'VAT',
  'FAQ',
  'TV',
  'PC',
]);

/** Shouting: most Latin words of 3+ letters written in capitals (at least two, or one long one). */
export function shouting(raw: string): Reason | undefined {
  if (!/[A-Z]{3}/.test(raw)) return undefined;
  const words = raw.match(LATIN_WORD);
  if (words === null) return undefined;
  let long = 0;
  const loud: string[] = [];
  for (const word of words) {
    if (word.length < 3) continue;
    long += 1;
    if (word === word.toUpperCase() && !ACRONYMS.has(word)) loud.push(word);
  }
  if (loud.length === 0) return undefined;
  const share = loud.length / long;
  const longest = Math.max(...loud.map((w) => w.length));
  if (loud.length >= 2 && share >= 0.5) {
    return { signal: 'shouting', evidence: loud.slice(0, 4).join(' '), weight: share >= 0.9 ? 0.4 : 0.3 };
  }
  if (loud.length === 1 && longest >= 5 && long <= 6) {
    return { signal: 'shouting', evidence: loud[0] as string, weight: 0.2 };
  }
  return undefined;
}

/** Repeated "!" and "?" runs: "!!" counts a little, "!!!" and "?!" more; plain "??" counts least. */
export function repeatedPunctuation(raw: string): Reason | undefined {
  const runs = raw.match(PUNCTUATION_RUN);
  if (runs === null) return undefined;
  let weight = 0;
  for (const run of runs) {
    const bang = run.includes('!') || run.includes('！');
    const question = /[?؟？]/.test(run);
    let w: number;
    if (bang && question) w = 0.3;
    else if (bang) w = run.length >= 3 ? 0.3 : 0.15;
    else w = run.length >= 3 ? 0.15 : 0.05;
    weight = 1 - (1 - weight) * (1 - w);
  }
  return {
    signal: 'punctuation',
    evidence: runs.slice(0, 3).join(' '),
    weight: round(Math.min(weight, 0.45)),
  };
}

/** Angry emoji: the strongest one counts fully, each further one adds a little. */
export function angryEmoji(raw: string): Reason | undefined {
  const found = raw.match(EMOJI_PATTERN);
  if (found === null) return undefined;
  const weights = found.map((e) => ANGRY_EMOJI.get(e) ?? 0).sort((a, b) => b - a);
  const weight = Math.min(0.8, (weights[0] ?? 0) + 0.1 * (weights.length - 1));
  return { signal: 'emoji', evidence: [...new Set(found)].join(''), weight: round(weight) };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
