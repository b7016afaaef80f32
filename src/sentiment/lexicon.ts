/**
 * Anger lexicons: per-language YAML files (content/lexicons/<language>.yaml) that editors extend.
 *
 * A file has a `language` key and one mapping per family, phrase -> number:
 *
 *   language: fa
 *   anger:
 *     افتضاح: 0.7
 *     "اعصابم خورد شد": 0.8
 *     "کلافه*": 0.5        # a trailing * matches any ending of the last word (کلافه، کلافم...)
 *     "# روزه": 0.2        # a word "#" matches any number (3, ۳, 12, 3rd)
 *
 * Phrases are matched on folded text (`foldForSearch`), so ي/ی, ك/ک, harakat, ZWNJ and case do not
 * matter. `checkLexiconText` reports every malformed entry with its file, line and reason.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES, type Language, isLanguage } from '../core/language.ts';
import { NUMBER_SLOT, compilePhrase, isNumberToken } from './phrase-matcher.ts';

/**
 * The families of a lexicon and what their number means.
 * - anger, frustration, insult, threat: how strongly the phrase alone shows anger, in (0, 1].
 * - intensifier: factor applied to an anger phrase right after it ("very", "خیلی"), in [1, 3].
 * - downtoner: the same for words that soften it ("a bit", "کمی", "شوي"), in [0.2, 1).
 * - negator: share of an anger phrase that remains when the negator comes just before it
 *   ("not", "مش"), in [0, 1).
 * - post_negator: the same for negators that follow the phrase (Persian "نیستم"), in [0, 1).
 * - deescalation: how much the phrase calms the message ("no problem", "مرسی"), in (0, 1].
 * - irony: praise or thanks that are sarcasm when the same message complains ("great", "well
 *   done", "دستتون درد نکنه", "برافو عليكم"): then they add this weight as sarcasm; in a message
 *   without a complaint they calm it by the same weight, like de-escalation. In (0, 1].
 * - stretched: words that show exasperation only when the customer stretches them ("whyyy",
 *   "چراااا", "لييييه"), with the weight they then add, in (0, 1].
 * - neutral: phrases that hold an anger word but are not anger ("mad about", "dying to know",
 *   "أموت وأعرف", "از خوشحالی"): the longest phrase wins, so they hide the words inside them.
 *   Their weight is 0.
 * - person: how surely the phrase asks for a human ("agent", "اپراتور"), in (0, 1].
 */
export const LEXICON_FAMILIES = [
  'anger',
  'frustration',
  'insult',
  'threat',
  'intensifier',
  'downtoner',
  'negator',
  'post_negator',
  'deescalation',
  'irony',
  'stretched',
  'neutral',
  'person',
] as const;
export type LexiconFamily = (typeof LEXICON_FAMILIES)[number];

/** Families whose phrases add to the anger score on their own (irony adds only beside them). */
export const SCORING_FAMILIES = ['anger', 'frustration', 'insult', 'threat', 'stretched'] as const;
export type ScoringFamily = (typeof SCORING_FAMILIES)[number];

const RANGES: Readonly<Record<LexiconFamily, readonly [number, number, string]>> = {
  anger: [0.01, 1, 'in (0, 1]'],
  frustration: [0.01, 1, 'in (0, 1]'],
  insult: [0.01, 1, 'in (0, 1]'],
  threat: [0.01, 1, 'in (0, 1]'],
  intensifier: [1, 3, 'in [1, 3]'],
  downtoner: [0.2, 0.99, 'in [0.2, 1)'],
  negator: [0, 0.99, 'in [0, 1)'],
  post_negator: [0, 0.99, 'in [0, 1)'],
  deescalation: [0.01, 1, 'in (0, 1]'],
  irony: [0.01, 1, 'in (0, 1]'],
  stretched: [0.01, 1, 'in (0, 1]'],
  neutral: [0, 0, '0'],
  person: [0.01, 1, 'in (0, 1]'],
};

export interface LexiconEntry {
  /** The phrase as the editor wrote it (without the trailing *). */
  readonly phrase: string;
  /** Folded words of the phrase. */
  readonly tokens: readonly string[];
  /** The last word matches any word that starts with it. */
  readonly prefix: boolean;
  readonly weight: number;
  readonly family: LexiconFamily;
  /** 1-based line in the file, 0 when built in code. */
  readonly line: number;
}

export interface Lexicon {
  readonly language: Language;
  readonly entries: readonly LexiconEntry[];
}

export type Lexicons = Readonly<Partial<Record<Language, Lexicon>>>;

export interface LexiconProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is about the whole file. */
  readonly line: number;
  /** The family and phrase concerned, when there is one. */
  readonly entry?: string;
  readonly reason: string;
}

export interface LexiconCheck {
  /** The valid entries (malformed ones are left out), or undefined when the file is unusable. */
  readonly lexicon?: Lexicon;
  readonly problems: readonly LexiconProblem[];
}

function isFamily(key: string): key is LexiconFamily {
  return (LEXICON_FAMILIES as readonly string[]).includes(key);
}

export { NUMBER_SLOT, isNumberToken, compilePhrase };

/**
 * Parse and check one lexicon file's text. `file` is only used in the problems; `expected` is the
 * language the file name promises. Every problem names the line and the entry.
 */
export function checkLexiconText(text: string, file: string, expected?: Language): LexiconCheck {
  const problems: LexiconProblem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 0 : lineCounter.linePos(offset).line;
  for (const error of doc.errors) {
    problems.push({
      file,
      line: lineOf(error.pos[0]),
      reason: `not valid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return { problems };
  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({ file, line: 0, reason: 'expected a mapping with `language` and families' });
    return { problems };
  }
  let language: Language | undefined;
  const entries: LexiconEntry[] = [];
  const seen = new Map<string, { family: LexiconFamily; line: number }>();
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const keyLine = lineOf(isScalar(item.key) ? item.key.range?.[0] : undefined);
    if (key === 'language') {
      const value = isScalar(item.value) ? item.value.value : undefined;
      if (!isLanguage(value)) {
        problems.push({ file, line: keyLine, reason: `language must be one of ${LANGUAGES.join(', ')}` });
      } else if (expected !== undefined && value !== expected) {
        problems.push({
          file,
          line: keyLine,
          reason: `language is ${value} but the file is for ${expected}`,
        });
      } else language = value;
      continue;
    }
    if (!isFamily(key)) {
      problems.push({
        file,
        line: keyLine,
        reason: `unknown key "${key}" (known: language, ${LEXICON_FAMILIES.join(', ')})`,
      });
      continue;
    }
    if (item.value === null || (isScalar(item.value) && item.value.value === null)) continue; // empty family
    if (!isMap(item.value)) {
      problems.push({ file, line: keyLine, entry: key, reason: 'expected a mapping of phrase: weight' });
      continue;
    }
    const [low, high, range] = RANGES[key];
    for (const pair of item.value.items) {
      const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
      const rawPhrase = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof rawPhrase !== 'string' && typeof rawPhrase !== 'number') {
        problems.push({ file, line, entry: key, reason: 'the phrase must be text' });
        continue;
      }
      const phrase = String(rawPhrase);
      const entry = `${key}: ${phrase}`;
      const weight = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof weight !== 'number' || !Number.isFinite(weight)) {
        problems.push({ file, line, entry, reason: `the weight must be a number ${range}` });
        continue;
      }
      if (weight < low || weight > high) {
        problems.push({
          file,
          line,
          entry,
          reason: `weight ${weight} is out of range: ${key} weights are ${range}`,
        });
        continue;
      }
      const { tokens, prefix } = compilePhrase(phrase);
      if (tokens.length === 0) {
        problems.push({ file, line, entry, reason: 'the phrase is empty (no letters or digits)' });
        continue;
      }
      if (tokens.every((t) => t === NUMBER_SLOT)) {
        problems.push({ file, line, entry, reason: 'a phrase needs a word besides the number slot #' });
        continue;
      }
      if (prefix && (tokens.at(-1)?.length ?? 0) < 3) {
        problems.push({ file, line, entry, reason: 'a prefix (*) needs at least 3 letters before the *' });
        continue;
      }
      const identity = `${tokens.join(' ')}${prefix ? '*' : ''}`;
      const earlier = seen.get(identity);
      if (earlier !== undefined) {
        const where = earlier.family === key ? '' : ` in ${earlier.family}`;
        problems.push({
          file,
          line,
          entry,
          reason: `duplicate of the phrase on line ${earlier.line}${where}`,
        });
        continue;
      }
      seen.set(identity, { family: key, line });
      entries.push({ phrase: phrase.trim().replace(/\*$/, ''), tokens, prefix, weight, family: key, line });
    }
  }
  if (language === undefined) {
    if (!problems.some((p) => p.reason.startsWith('language'))) {
      problems.push({ file, line: 0, reason: 'the `language` key is missing' });
    }
    return { problems };
  }
  return { lexicon: { language, entries }, problems };
}

/** One line per problem: "file:line: family: phrase: reason". */
export function formatLexiconProblem(problem: LexiconProblem): string {
  const entry = problem.entry === undefined ? '' : `${problem.entry}: `;
  return `${problem.file}:${problem.line}: ${entry}${problem.reason}`;
}

/**
 * Read content/lexicons/<language>.yaml for every language in `dir`. A missing file is a problem;
 * a file with problems still contributes its valid entries.
 */
export async function loadLexicons(dir: string): Promise<{ lexicons: Lexicons; problems: LexiconProblem[] }> {
  const lexicons: Partial<Record<Language, Lexicon>> = {};
  const problems: LexiconProblem[] = [];
  for (const language of LANGUAGES) {
    const file = path.join(dir, `${language}.yaml`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      problems.push({ file, line: 0, reason: 'the file is missing' });
      continue;
    }
    const check = checkLexiconText(text, file, language);
    problems.push(...check.problems);
    if (check.lexicon !== undefined) lexicons[language] = check.lexicon;
  }
  return { lexicons, problems };
}

/** Like `loadLexicons`, but throws LEXICON_INVALID listing every problem. */
export async function loadLexiconsStrict(dir: string): Promise<Lexicons> {
  const { lexicons, problems } = await loadLexicons(dir);
  if (problems.length > 0) {
    const lines = problems.map(formatLexiconProblem);
    throw new HamdelError(
      'LEXICON_INVALID',
      `anger lexicons have ${problems.length} problem(s):\n${lines.join('\n')}`,
      {
        problems,
      },
    );
  }
  return lexicons;
}
