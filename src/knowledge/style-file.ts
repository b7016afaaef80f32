/**
 * Style files (content/style/<language>.yaml): read and checked, every problem named with its file and
 * line. The format:
 *
 *   language: en
 *   tone:                              # what the business wants, one rule per item (read by editors)
 *     - Say what we can do and when, not what we can't.
 *   avoid:                             # phrases content must not use (content:check, the editor's marks)
 *     - phrases: ["can't", cannot, unable to]   # folded like the anger lexicons; "word*" = any ending
 *       instead: 'Say what we can do: "we'll …", "here's how …"'
 *       note: '"Can't" ends the conversation.'  # optional: why
 *       except: ["can't wait"]        # optional: longer wordings in which the phrase is fine
 *
 * A missing file means no rules for that language; a broken one is STYLE_INVALID (on a live edit the
 * previous rules stay, watched-source.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES, type Language, isLanguage } from '../core/language.ts';
import { compilePhrase, createPhraseMatcher } from '../sentiment/phrase-matcher.ts';
import { emptyStyle, type StyleByLanguage, type StyleRule, type StyleRules } from './style-check.ts';

export interface StyleProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is about the whole file. */
  readonly line: number;
  readonly reason: string;
}

const RULE_KEYS = ['phrases', 'instead', 'note', 'except'] as const;

/** Parses and checks one style file's text; `rules` is set only when there is no problem at all. */
export function checkStyleText(
  text: string,
  file: string,
  expected?: Language,
): { rules?: StyleRules; problems: StyleProblem[] } {
  const problems: StyleProblem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: unknown): number => {
    const offset = (node as YamlNode | null)?.range?.[0];
    return offset === undefined ? 0 : lineCounter.linePos(offset).line;
  };
  const problem = (line: number, reason: string) => problems.push({ file, line, reason });
  for (const error of doc.errors) {
    problem(lineCounter.linePos(error.pos[0]).line, `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  if (doc.errors.length > 0) return { problems };
  const root = doc.contents;
  if (!isMap(root)) {
    problem(0, 'expected a mapping with `language`, `tone` and `avoid`');
    return { problems };
  }
  let language: Language | undefined;
  const tone: string[] = [];
  const avoid: StyleRule[] = [];
  /** Folded phrase -> the line that first listed it. */
  const seen = new Map<string, number>();
  const named = root.get('language');
  const textLanguage: Language = expected ?? (isLanguage(named) ? named : 'en');
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const keyLine = lineOf(item.key);
    if (key === 'language') {
      const value = isScalar(item.value) ? item.value.value : undefined;
      if (!isLanguage(value)) problem(keyLine, `language must be one of ${LANGUAGES.join(', ')}`);
      else if (expected !== undefined && value !== expected) {
        problem(keyLine, `language is ${value} but the file is for ${expected}`);
      } else language = value;
    } else if (key === 'tone') {
      for (const entry of listOf(item.value, keyLine, 'tone', problem)) {
        const value = isScalar(entry) ? entry.value : undefined;
        if (typeof value !== 'string' || value.trim() === '')
          problem(
            lineOf(entry),
            'tone: each rule is one sentence of text (put it in quotes when it holds ": ")',
          );
        else tone.push(value.trim());
      }
    } else if (key === 'avoid') {
      for (const entry of listOf(item.value, keyLine, 'avoid', problem)) {
        const rule = readRule(entry, textLanguage, lineOf, problem, seen);
        if (rule !== undefined) avoid.push(rule);
      }
    } else {
      problem(keyLine, `unknown key "${key}" (known: language, tone, avoid)`);
    }
  }
  if (language === undefined && !problems.some((p) => p.reason.startsWith('language'))) {
    problem(0, 'the `language` key is missing');
  }
  problems.sort((a, b) => a.line - b.line);
  if (language === undefined || problems.length > 0) return { problems };
  return { rules: { language, tone, avoid }, problems };
}

type Report = (line: number, reason: string) => void;

function listOf(value: unknown, line: number, key: string, problem: Report): unknown[] {
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    problem(line, `${key}: expected a list`);
    return [];
  }
  return value.items;
}

function readRule(
  node: unknown,
  language: Language,
  lineOf: (node: unknown) => number,
  problem: Report,
  seen: Map<string, number>,
): StyleRule | undefined {
  const line = lineOf(node);
  if (!isMap(node)) {
    problem(line, 'avoid: each entry is a mapping with phrases and instead');
    return undefined;
  }
  let failed = false;
  const fail = (at: number, reason: string) => {
    failed = true;
    problem(at, reason);
  };
  const fields = new Map<string, { value: unknown; line: number }>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(RULE_KEYS as readonly string[]).includes(key)) {
      fail(lineOf(pair.key), `avoid: unknown key "${key}" (known: ${RULE_KEYS.join(', ')})`);
    } else fields.set(key, { value: pair.value, line: lineOf(pair.key) });
  }
  const texts = (key: 'phrases' | 'except'): { text: string; line: number }[] => {
    const field = fields.get(key);
    if (field === undefined) return [];
    return listOf(field.value, field.line, key, fail).flatMap((entry) => {
      const value = isScalar(entry) ? entry.value : undefined;
      if (typeof value !== 'string' && typeof value !== 'number') {
        fail(lineOf(entry), `${key}: each entry is a phrase`);
        return [];
      }
      return [{ text: String(value).trim(), line: lineOf(entry) }];
    });
  };
  const phrases = texts('phrases');
  if (phrases.length === 0 && !fields.has('phrases')) fail(line, 'avoid: the entry has no phrases');
  else if (phrases.length === 0) fail(fields.get('phrases')?.line ?? line, 'phrases: the list is empty');
  for (const phrase of phrases) {
    const { tokens, prefix } = compilePhrase(phrase.text);
    if (tokens.length === 0) fail(phrase.line, `"${phrase.text}": the phrase has no letters or digits`);
    else if (prefix && (tokens.at(-1)?.length ?? 0) < 3) {
      fail(phrase.line, `"${phrase.text}": a * needs at least 3 letters before it`);
    } else {
      const identity = `${tokens.join(' ')}${prefix ? '*' : ''}`;
      const earlier = seen.get(identity);
      if (earlier !== undefined)
        fail(phrase.line, `"${phrase.text}" is the same phrase as on line ${earlier}`);
      else seen.set(identity, phrase.line);
    }
  }
  const instead = stringField(fields.get('instead'), 'instead', fail);
  if (instead === undefined && !fields.has('instead')) fail(line, 'avoid: the entry has no `instead`');
  const note = stringField(fields.get('note'), 'note', fail);
  const except = texts('except');
  if (!failed) {
    // An exception must contain one of the rule's phrases, or it never applies (a typo, most likely).
    const matcher = createPhraseMatcher({
      language,
      entries: phrases.map((p) => compilePhrase(p.text)),
    });
    for (const wording of except) {
      if (matcher.match(compilePhrase(wording.text).tokens).length === 0) {
        fail(
          wording.line,
          `except "${wording.text}" contains none of the entry's phrases, so it never applies`,
        );
      }
    }
  }
  if (failed || instead === undefined) return undefined;
  return {
    phrases: phrases.map((p) => p.text),
    instead,
    ...(note === undefined ? {} : { note }),
    ...(except.length === 0 ? {} : { except: except.map((e) => e.text) }),
  };
}

function stringField(
  field: { value: unknown; line: number } | undefined,
  key: string,
  fail: Report,
): string | undefined {
  if (field === undefined) return undefined;
  const value = isScalar(field.value) ? field.value.value : undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    fail(field.line, `${key}: expected some text`);
    return undefined;
  }
  return value.trim();
}

/** "file:line: reason" (the line left out when the problem is about the whole file). */
export function formatStyleProblem(problem: StyleProblem): string {
  return `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.reason}`;
}

/** Parses one style file, or throws STYLE_INVALID listing every problem with its line. */
export function parseStyleFile(text: string, file: string, expected?: Language): StyleRules {
  const { rules, problems } = checkStyleText(text, file, expected);
  if (rules === undefined) {
    throw new HamdelError(
      'STYLE_INVALID',
      `${file} has ${problems.length} problem(s):\n${problems.map(formatStyleProblem).join('\n')}`,
      { file, problems },
    );
  }
  return rules;
}

/**
 * Reads <dir>/<language>.yaml for every language (a missing file: no rules for that language). Never
 * throws for a broken file: its language gets no rules and its problems are listed ("file:line: reason").
 */
export async function checkStyleFiles(
  dir: string,
): Promise<{ styles: StyleByLanguage; problems: StyleProblem[] }> {
  const styles = {} as Record<Language, StyleRules>;
  const problems: StyleProblem[] = [];
  for (const language of LANGUAGES) {
    const file = path.join(dir, `${language}.yaml`);
    styles[language] = emptyStyle(language);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        problems.push({ file, line: 0, reason: 'unreadable' });
      continue;
    }
    const check = checkStyleText(text, file, language);
    if (check.rules !== undefined) styles[language] = check.rules;
    problems.push(...check.problems);
  }
  return { styles, problems };
}

/** Like `checkStyleFiles`, but throws STYLE_INVALID listing every problem (what the server loads). */
export async function loadStyleRules(dir: string): Promise<StyleByLanguage> {
  const { styles, problems } = await checkStyleFiles(dir);
  if (problems.length > 0) {
    const lines = problems.map(formatStyleProblem).join('\n');
    throw new HamdelError('STYLE_INVALID', `style files have ${problems.length} problem(s):\n${lines}`, {
      problems,
    });
  }
  return styles;
}
