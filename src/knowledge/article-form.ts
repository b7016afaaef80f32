/**
 * An article file as a form and back: its front matter as fields, its Markdown body as text. Writing
 * back keeps the file as it was except where a field or the body changed: the YAML is edited in place
 * (the `yaml` package's Document: order, comments, quoting and flow lists stay), a list changes only in the
 * items that changed (`core/list-diff.ts`), and an untouched front matter or body keeps its exact bytes. So
 * changing a title changes one line, and adding a question adds one. Imports nothing from Node: the
 * editor's page uses it too, so what it previews is what the server writes.
 */
import { Document, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { diffLists } from '../core/list-diff.ts';
import { HamdelError } from '../core/errors.ts';
import { FRONT_MATTER } from './front-matter.ts';

/** The front matter's fields, named as in the file (article-file.ts has the rules). */
export interface ArticleFields {
  readonly id: string;
  readonly language: string;
  readonly title: string;
  readonly questions: readonly string[];
  readonly tags: readonly string[];
  readonly needs_person: boolean;
  readonly skills: readonly string[];
}

export type ArticleFieldName = keyof ArticleFields;

/** An article as the editor shows it: the fields and the Markdown body (trimmed, as the bot sends it). */
export interface ArticleForm {
  readonly fields: ArticleFields;
  readonly body: string;
}

/** The fields in the order a new file writes them. */
export const ARTICLE_FIELD_NAMES: readonly ArticleFieldName[] = [
  'id',
  'language',
  'title',
  'questions',
  'tags',
  'needs_person',
  'skills',
];

const LIST_FIELDS = ['questions', 'tags', 'skills'] as const;
/** Written as `[a, b]` in a new file (as the sample articles do); questions one per line. */
const FLOW_LISTS: ReadonlySet<string> = new Set(['tags', 'skills']);
const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

interface ArticleParts {
  /** `---` and its line end. */
  readonly open: string;
  /** The YAML between the two `---` lines, without its last line end. */
  readonly yaml: string;
  /** The last line end, `---` and the line end after it. */
  readonly close: string;
  /** White space before the body, the body (trimmed), white space after it. */
  readonly lead: string;
  readonly body: string;
  readonly tail: string;
  readonly eol: '\n' | '\r\n';
}

function splitArticle(text: string): ArticleParts | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const whole = match[0];
  const yaml = match[1] ?? '';
  const open = whole.slice(0, whole.indexOf('\n') + 1);
  const close = whole.slice(open.length + yaml.length);
  const rest = text.slice(whole.length);
  const body = rest.trim();
  const lead = body === '' ? rest : rest.slice(0, rest.indexOf(body));
  const tail = body === '' ? '' : rest.slice(lead.length + body.length);
  return { open, yaml, close, lead, body, tail, eol: open.endsWith('\r\n') ? '\r\n' : '\n' };
}

function invalid(reason: string): never {
  throw new HamdelError('ARTICLE_INVALID', reason, { reason });
}

function parseFrontMatter(yaml: string): Document | undefined {
  const doc = parseDocument(yaml);
  return doc.errors.length === 0 ? doc : undefined;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : String(value);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText);
  return value === null || value === undefined ? [] : [asText(value)];
}

function fieldsOf(data: unknown): ArticleFields {
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    invalid('the front matter is not a list of fields (name: value)');
  }
  const record = (data ?? {}) as Record<string, unknown>;
  return {
    id: asText(record.id),
    language: asText(record.language),
    title: asText(record.title),
    questions: asList(record.questions),
    tags: asList(record.tags),
    needs_person: record.needs_person === true,
    skills: asList(record.skills),
  };
}

/**
 * The form of an article file, read leniently so that a file the knowledge base refuses can still be
 * opened and fixed (a missing field is empty). Throws ARTICLE_INVALID only when there is no front matter
 * or its YAML cannot be read at all (the file can then be edited as text).
 */
export function readArticleForm(text: string): ArticleForm {
  const parts = splitArticle(text);
  if (!parts) invalid('no front matter (the file must start with a "---" line and close it with another)');
  const doc = parseDocument(parts.yaml);
  const error = doc.errors[0];
  if (error) invalid(`front matter is not valid YAML: ${error.message.split('\n')[0]}`);
  return { fields: fieldsOf(doc.toJS()), body: parts.body };
}

/**
 * The file text for `form`. With `before` (the file as it is), only what changed is rewritten: see the
 * module's comment. Without it, or when `before` cannot be read, a new file in the sample articles' layout.
 */
export function writeArticleText(form: ArticleForm, before?: string): string {
  const parts = before === undefined ? undefined : splitArticle(before);
  const doc = parts ? parseFrontMatter(parts.yaml) : undefined;
  if (!parts || !doc) return newArticleText(form);
  const changed = applyFields(doc, fieldsOf(doc.toJS()), form.fields);
  const yaml = changed ? withEol(doc.toString(STRINGIFY).replace(/\n$/, ''), parts.eol) : parts.yaml;
  const body = form.body.trim();
  if (body === parts.body) return `${parts.open}${yaml}${parts.close}${parts.lead}${parts.body}${parts.tail}`;
  const tail = parts.tail === '' ? '' : parts.eol;
  return `${parts.open}${yaml}${parts.close}${parts.lead}${withEol(body, parts.eol)}${tail}`;
}

function withEol(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
}

/** A new file: the fields in their usual order (optional ones only when set), then the body. */
function newArticleText(form: ArticleForm): string {
  const f = form.fields;
  const doc = new Document({
    id: f.id,
    language: f.language,
    title: f.title,
    questions: [...f.questions],
    ...(f.tags.length > 0 ? { tags: [...f.tags] } : {}),
    ...(f.needs_person ? { needs_person: true } : {}),
    ...(f.skills.length > 0 ? { skills: [...f.skills] } : {}),
  });
  for (const name of LIST_FIELDS) {
    const node = doc.get(name, true);
    if (isSeq(node) && (FLOW_LISTS.has(name) || node.items.length === 0)) node.flow = true;
  }
  return `---\n${doc.toString(STRINGIFY)}---\n${form.body.trim()}\n`;
}

/** Changes `doc` where `next` differs from `current` (both read from it); whether anything changed. */
function applyFields(doc: Document, current: ArticleFields, next: ArticleFields): boolean {
  let changed = false;
  for (const name of ['id', 'language', 'title'] as const) {
    if (current[name] === next[name]) continue;
    setScalar(doc, name, next[name]);
    changed = true;
  }
  for (const name of LIST_FIELDS) {
    if (sameList(current[name], next[name])) continue;
    setList(doc, name, next[name]);
    changed = true;
  }
  if (current.needs_person !== next.needs_person) {
    if (next.needs_person) setScalar(doc, 'needs_person', true);
    else doc.delete('needs_person');
    changed = true;
  }
  return changed;
}

function setScalar(doc: Document, name: string, value: string | boolean): void {
  const node = doc.get(name, true);
  if (isScalar(node)) node.value = value;
  else doc.set(name, value);
}

/**
 * Sets a list field by editing its items: kept items keep their nodes (and comments), a changed item keeps
 * its place, new items come where they were put. An emptied optional list is removed.
 */
function setList(doc: Document, name: string, values: readonly string[]): void {
  const node = doc.get(name, true);
  if (values.length === 0) {
    if (name === 'questions' && isSeq(node)) node.items = [];
    else doc.delete(name);
    return;
  }
  if (!isSeq(node) || !node.items.every((item) => isScalar(item))) {
    const fresh = doc.createNode([...values], { flow: FLOW_LISTS.has(name) });
    doc.set(name, fresh);
    return;
  }
  const before = node.items.map((item) => asText(isScalar(item) ? item.value : item));
  const items: unknown[] = [];
  for (const edit of diffLists(before, values)) {
    if (edit.kind === 'keep') items.push(node.items[edit.from]);
    else if (edit.kind === 'replace') {
      const item = node.items[edit.from] as YamlNode;
      if (isScalar(item)) item.value = values[edit.to];
      items.push(item);
    } else if (edit.kind === 'insert') items.push(doc.createNode(values[edit.to]));
  }
  node.items = items;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The names of the fields that differ between two forms, and `body` when the body does. */
export function changedFields(before: ArticleForm, after: ArticleForm): string[] {
  const names: string[] = ARTICLE_FIELD_NAMES.filter(
    (name) => JSON.stringify(before.fields[name]) !== JSON.stringify(after.fields[name]),
  );
  if (before.body.trim() !== after.body.trim()) names.push('body');
  return names;
}
