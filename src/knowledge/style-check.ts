/**
 * The business's style per language (content/style/<language>.yaml, read by `style-file.ts`): phrases to
 * avoid, each with what to write instead, and the tone rules. `findStyleIssues` finds the avoided phrases
 * in a text with their place in the text as written, so the editor can underline them and content:check
 * can name the line. Phrases are matched as the anger lexicons are (`createPhraseMatcher` over folded
 * words): ي/ی, ك/ک, ZWNJ, harakat and case do not matter, "نمی توانیم" typed with a space is one word, a
 * trailing * matches any ending ("نمی‌توان*": نمی‌توانیم، نمی‌توانند), and an Arabic word is also tried
 * without و، ف and ال glued to its front. Imports nothing from Node: the editor's page bundles it.
 */
import type { Language } from '../core/language.ts';
import { compilePhrase, createPhraseMatcher, type PhraseMatcher } from '../sentiment/phrase-matcher.ts';
import { viewText } from '../sentiment/text-view.ts';

/** One thing to avoid: a family of phrases (inflections, spellings), the alternative and why. */
export interface StyleRule {
  /** The phrases as the style file writes them ("can't", "نمی‌توان*", "لا يمكن*"). */
  readonly phrases: readonly string[];
  /** What to write instead, in the language of the file. */
  readonly instead: string;
  /** Why, when the file says. */
  readonly note?: string;
  /**
   * Longer wordings in which a phrase of this rule is fine ("can't wait"): a justified exception, kept
   * next to the rule so that reviewers see every one.
   */
  readonly except?: readonly string[];
}

/** The style of one language. */
export interface StyleRules {
  readonly language: Language;
  /** The tone the business wants, one rule per line, for editors to read (not checked by machine). */
  readonly tone: readonly string[];
  readonly avoid: readonly StyleRule[];
}

export type StyleByLanguage = Readonly<Record<Language, StyleRules>>;

/** An avoided phrase found in a text. */
export interface StyleIssue {
  /** Where it is in the text as given: [start, end) in UTF-16 code units (what a textarea selects). */
  readonly start: number;
  readonly end: number;
  /** The words as they are written in the text. */
  readonly phrase: string;
  /** The rule's phrase that matched them (as the style file writes it). */
  readonly avoid: string;
  readonly instead: string;
  readonly note?: string;
  /** The rule's index in `rules.avoid`. */
  readonly rule: number;
}

/** No rules: what a language without a style file gets. */
export function emptyStyle(language: Language): StyleRules {
  return { language, tone: [], avoid: [] };
}

interface StyleEntry {
  readonly tokens: readonly string[];
  readonly prefix: boolean;
  readonly rule: number;
  readonly phrase: string;
  /** A wording in which the rule's phrase is fine: a hit on it hides the phrase and reports nothing. */
  readonly except: boolean;
}

/** Compiled matchers, per rules object and text language (the rules are read-only once loaded). */
const compiled = new WeakMap<StyleRules, Map<Language, PhraseMatcher<StyleEntry>>>();

/** The entries of rules (phrases and exceptions), folded; phrases that fold to no word are left out. */
export function styleEntries(rules: StyleRules): StyleEntry[] {
  const entries: StyleEntry[] = [];
  rules.avoid.forEach((rule, index) => {
    for (const [list, except] of [
      [rule.phrases, false],
      [rule.except ?? [], true],
    ] as const) {
      for (const phrase of list) {
        const { tokens, prefix } = compilePhrase(phrase);
        if (tokens.length > 0) entries.push({ tokens, prefix, rule: index, phrase: phrase.trim(), except });
      }
    }
  });
  return entries;
}

function matcherFor(rules: StyleRules, language: Language): PhraseMatcher<StyleEntry> {
  let byLanguage = compiled.get(rules);
  if (byLanguage === undefined) {
    byLanguage = new Map();
    compiled.set(rules, byLanguage);
  }
  let matcher = byLanguage.get(language);
  if (matcher === undefined) {
    matcher = createPhraseMatcher({ language, entries: styleEntries(rules) });
    byLanguage.set(language, matcher);
  }
  return matcher;
}

/**
 * The avoided phrases in `text`, in text order, none overlapping (the longest phrase wins where two
 * start together; an `except` wording hides the phrase inside it; a phrase never spans a sentence or
 * clause mark). `language` is the text's language
 * (it decides how words are split and joined); by default the rules'.
 */
export function findStyleIssues(
  text: string,
  rules: StyleRules,
  language: Language = rules.language,
): StyleIssue[] {
  if (rules.avoid.length === 0 || text.length === 0) return [];
  const view = viewText(text, language);
  const issues: StyleIssue[] = [];
  for (const hit of matcherFor(rules, language).match(view.tokens)) {
    // A phrase is read within one clause: "… you. Forgot to add it?" is not "you forgot to".
    if (hit.entry.except || view.boundaryBetween(hit.from, hit.to)) continue;
    const span = view.span(hit.from, hit.to);
    const rule = rules.avoid[hit.entry.rule];
    if (span === undefined || rule === undefined) continue;
    issues.push({
      start: span.start,
      end: span.end,
      phrase: text.slice(span.start, span.end),
      avoid: hit.entry.phrase,
      instead: rule.instead,
      ...(rule.note === undefined ? {} : { note: rule.note }),
      rule: hit.entry.rule,
    });
  }
  return issues;
}
