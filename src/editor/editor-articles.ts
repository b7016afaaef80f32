import { HamdelError, isHamdelError } from '../core/errors.ts';
import { isLanguage, LANGUAGES, type Language } from '../core/language.ts';
import { foldForSearch, normalizeText } from '../language/normalize.ts';
import {
  changedFields,
  readArticleForm,
  writeArticleText,
  type ArticleFields,
  type ArticleForm,
} from '../knowledge/article-form.ts';
import { checkArticleText } from './article-check.ts';
import type { ContentChange, ContentFile, ContentFiles } from './content-files.ts';

/** One article file for the editor. */
export interface ArticleFile {
  readonly language: Language;
  readonly id: string;
  /** Relative to the content folder: `articles/<language>/<id>.md`. */
  readonly file: string;
  readonly text: string;
  readonly version: string;
  /** The fields and body; null when the front matter cannot be read at all (edit the text). */
  readonly form: ArticleForm | null;
  /** Why the knowledge base refuses the file (it then leaves it out), if it does. */
  readonly problem?: string;
}

/** What a change to an article sends: new field values (missing ones stay) and body, or the whole text. */
export type ArticleDraft =
  { readonly fields: Partial<ArticleFields>; readonly body?: string | undefined } | { readonly text: string };

/** A change made: the file before and after, and which fields (and `body`) differ. */
export interface ArticleChange extends ContentChange {
  readonly changed: readonly string[];
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The file of an article; CONTENT_PATH_INVALID for a language hamdel does not speak or a malformed id. */
export function articlePath(language: string, id: string): string {
  if (!isLanguage(language) || !ID.test(id) || id.length > 120) {
    throw new HamdelError(
      'CONTENT_PATH_INVALID',
      `An article is named by a language (${LANGUAGES.join(', ')}) and an id of lower-case letters, digits and dashes.`,
      { language: language.slice(0, 20), id: id.slice(0, 120) },
    );
  }
  return `articles/${language}/${id}.md`;
}

/**
 * Articles as the editor's workspace reads and changes them, through `ContentFiles` (versions, locks,
 * atomic writes): every text written is first read by the knowledge base's own parser (`checkArticleText`),
 * and a file it would refuse is refused (ARTICLE_INVALID with the reason), nothing written.
 */
export class EditorArticles {
  constructor(private readonly files: ContentFiles) {}

  /** Every article file of every language (or of one), read from disk now. */
  async all(language?: Language): Promise<ArticleFile[]> {
    const out: ArticleFile[] = [];
    for (const lang of language ? [language] : LANGUAGES) {
      for (const file of await this.files.list(`articles/${lang}`, '.md')) {
        const found = await this.files.find(file);
        if (found) out.push(describe(lang, idOf(file), found));
      }
    }
    return out;
  }

  async open(language: string, id: string): Promise<ArticleFile> {
    const file = await this.files.read(articlePath(language, id));
    return describe(language as Language, id, file);
  }

  /** Saves a draft made on version `expected` (CONTENT_CONFLICT when the file is no longer that version). */
  async save(language: string, id: string, draft: ArticleDraft, expected: string): Promise<ArticleChange> {
    const change = await this.files.change(
      articlePath(language, id),
      (current) => checked(language, id, textOf(draft, language, id, current.text)),
      expected,
    );
    return { ...change, changed: difference(change.before.text, change.after.text) };
  }

  /** A new article (CONTENT_EXISTS when the file is there already). */
  async create(language: string, id: string, draft: ArticleDraft): Promise<ContentFile> {
    const file = articlePath(language, id);
    return this.files.create(file, checked(language, id, textOf(draft, language, id)));
  }

  /** Gives the article a new id: its file moves and the id in its front matter changes (one line). */
  async rename(language: string, id: string, to: string, expected: string): Promise<ContentChange> {
    const target = articlePath(language, to);
    return this.files.rename(articlePath(language, id), target, expected, (current) => {
      const form = readArticleForm(current.text);
      const text = writeArticleText({ ...form, fields: { ...form.fields, id: to } }, current.text);
      return checked(language, to, text);
    });
  }

  async remove(language: string, id: string, expected: string): Promise<ContentFile> {
    return this.files.remove(articlePath(language, id), expected);
  }

  /**
   * Adds one example question at the end of the article's list, on whatever version is there (under the
   * file's lock): the question is cleaned as stored text is (`normalizeText`), and refused with
   * DUPLICATE_QUESTION when the article has it already, spelled alike once folded for search.
   */
  async addQuestion(language: string, id: string, question: string): Promise<ContentChange> {
    const lang = language as Language;
    const cleaned = isLanguage(language) ? normalizeText(question, lang) : question;
    if (cleaned === '') throw new HamdelError('MESSAGE_INVALID', 'The question is empty.');
    return this.files.change(articlePath(language, id), (current) => {
      const form = readArticleForm(current.text);
      const folded = foldForSearch(cleaned, lang);
      if (form.fields.questions.some((q) => foldForSearch(q, lang) === folded)) {
        throw new HamdelError('DUPLICATE_QUESTION', `The article already has "${cleaned}".`, {
          question: cleaned,
        });
      }
      const fields = { ...form.fields, questions: [...form.fields.questions, cleaned] };
      return checked(language, id, writeArticleText({ fields, body: form.body }, current.text));
    });
  }
}

function idOf(file: string): string {
  return (file.split('/').pop() ?? '').replace(/\.md$/, '');
}

function describe(language: Language, id: string, file: ContentFile): ArticleFile {
  let form: ArticleForm | null = null;
  let problem: string | undefined;
  try {
    form = readArticleForm(file.text);
    checkArticleText(language, id, file.text);
  } catch (error) {
    if (!isHamdelError(error, 'ARTICLE_INVALID')) throw error;
    problem = String(error.context.reason ?? error.message);
  }
  return {
    language,
    id,
    file: file.path,
    text: file.text,
    version: file.version,
    form,
    ...(problem !== undefined ? { problem } : {}),
  };
}

/** The text a draft makes of the file `before` (none: a new file); the id and language are the file's. */
function textOf(draft: ArticleDraft, language: string, id: string, before?: string): string {
  if ('text' in draft) return draft.text;
  const base: ArticleForm =
    before !== undefined ? readArticleForm(before) : { fields: EMPTY_FIELDS, body: '' };
  const fields: ArticleFields = { ...base.fields, ...draft.fields, id, language };
  return writeArticleText({ fields, body: draft.body ?? base.body }, before);
}

const EMPTY_FIELDS: ArticleFields = {
  id: '',
  language: '',
  title: '',
  questions: [],
  tags: [],
  needs_person: false,
  skills: [],
};

/** The text, if the knowledge base would take it as `<language>/<id>.md`; ARTICLE_INVALID otherwise. */
function checked(language: string, id: string, text: string): string {
  checkArticleText(language, id, text);
  return text;
}

/**
 * Which fields (and `body`) two texts of an article differ in; `text` when either cannot be read or only
 * comments or layout changed.
 */
function difference(before: string, after: string): string[] {
  if (before === after) return [];
  try {
    const names = changedFields(readArticleForm(before), readArticleForm(after));
    return names.length > 0 ? names : ['text']; // comments or layout only
  } catch {
    return ['text'];
  }
}
