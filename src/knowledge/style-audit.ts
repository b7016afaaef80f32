/**
 * The style check of content:check: every avoided phrase (style-check.ts) in what customers read, with the
 * file and line where it is. Read: articles' titles and bodies (not their example questions, which are
 * the customers' own words), the sentences of the message catalogs (not their phrase lists, which are
 * what customers type) and the canned replies' texts.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import { isLanguage, LANGUAGES, type Language } from '../core/language.ts';
import { MESSAGE_KEYS } from '../dialogs/message-catalog.ts';
import { findStyleIssues, type StyleByLanguage, type StyleIssue } from './style-check.ts';

/** An avoided phrase in a content file. */
export interface StyleFinding extends StyleIssue {
  /** Relative to the content folder, with forward slashes ("articles/en/returns.md"). */
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** "file:line: "phrase": instead: … (note)". */
export function formatStyleFinding(finding: StyleFinding): string {
  const note = finding.note === undefined ? '' : ` (${finding.note})`;
  return `${finding.file}:${finding.line}: "${finding.phrase}" (style: ${finding.avoid}): instead: ${finding.instead}${note}`;
}

/** Every avoided phrase under the content folder `root`, file by file. */
export async function auditStyle(root: string, styles: StyleByLanguage): Promise<StyleFinding[]> {
  const findings: StyleFinding[] = [];
  for (const language of LANGUAGES) {
    const dir = path.join(root, 'articles', language);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort()) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
      if (text !== undefined) findings.push(...auditArticle(`articles/${language}/${name}`, text, styles));
    }
  }
  for (const language of LANGUAGES) {
    for (const folder of ['messages', 'canned'] as const) {
      const file = `${folder}/${language}.yaml`;
      const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
      if (text !== undefined) findings.push(...auditYaml(file, text, language, folder, styles));
    }
  }
  return findings;
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** An article's title (front matter) and body; its language from the front matter, else its folder. */
export function auditArticle(file: string, text: string, styles: StyleByLanguage): StyleFinding[] {
  const match = FRONT_MATTER.exec(text);
  if (match === null) return []; // the knowledge base reports the broken file
  const lines = new LineCounter();
  const doc = parseDocument(match[1] ?? '', { lineCounter: lines });
  const named = isMap(doc.contents) ? doc.contents.get('language') : undefined;
  const folder = file.split('/')[1];
  const language = isLanguage(named) ? named : isLanguage(folder) ? folder : undefined;
  if (language === undefined) return [];
  const rules = styles[language];
  const findings: StyleFinding[] = [];
  const title = isMap(doc.contents) ? doc.contents.get('title', true) : undefined;
  if (isScalar(title) && typeof title.value === 'string') {
    // Line 1 is the opening "---".
    const line = 1 + lines.linePos(title.range?.[0] ?? 0).line;
    for (const issue of findStyleIssues(title.value, rules, language))
      findings.push({ ...issue, file, line });
  }
  const bodyStart = match[0].length;
  const body = text.slice(bodyStart);
  for (const issue of findStyleIssues(body, rules, language)) {
    findings.push({ ...issue, file, line: lineAt(text, bodyStart + issue.start) });
  }
  return findings;
}

/** The sentences of a message catalog, or the texts of a canned replies file. */
export function auditYaml(
  file: string,
  text: string,
  language: Language,
  kind: 'messages' | 'canned',
  styles: StyleByLanguage,
): StyleFinding[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return []; // the catalog's own check reports it
  const texts: Scalar[] = [];
  if (kind === 'messages' && isMap(doc.contents)) {
    for (const key of MESSAGE_KEYS) {
      const node = doc.contents.get(key, true);
      if (isScalar(node)) texts.push(node);
    }
  } else if (kind === 'canned' && isSeq(doc.contents)) {
    for (const item of doc.contents.items) {
      const node = isMap(item) ? item.get('text', true) : undefined;
      if (isScalar(node)) texts.push(node);
    }
  }
  const findings: StyleFinding[] = [];
  for (const node of texts) {
    if (typeof node.value !== 'string') continue;
    const value = node.value;
    const first = lines.linePos(node.range?.[0] ?? 0).line;
    // A block scalar keeps its lines: the hit's own line. A quoted or plain one is folded: its first line.
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    for (const issue of findStyleIssues(value, styles[language], language)) {
      const within = block ? 1 + countNewlines(value, issue.start) : 0;
      findings.push({ ...issue, file, line: first + within });
    }
  }
  return findings;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lineAt(text: string, offset: number): number {
  return 1 + countNewlines(text, offset);
}
