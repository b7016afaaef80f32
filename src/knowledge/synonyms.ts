import { HamdelError } from '../core/errors.ts';
import { type Language, isLanguage } from '../core/language.ts';
import { foldForSearch } from '../language/normalize.ts';
import { tokenize } from '../language/tokenize.ts';

/**
 * Per-language synonyms that editors extend in content/synonyms/<language>.yaml:
 *
 * ```yaml
 * language: en
 * groups:
 *   - [refund, money back, reimbursement]
 *   - [parcel, package, shipment]
 * ```
 *
 * Every phrase of a group is read as its first phrase (the canonical one) in both questions and
 * articles. Phrases may have several words; the longest phrase wins. This file takes the parsed
 * data (the caller reads and parses the YAML, and may watch the files).
 */
export interface SynonymTable {
  readonly language: Language;
  /** Rewrite folded tokens: each phrase of a group becomes the group's canonical tokens. */
  rewrite(tokens: readonly string[]): string[];
  /**
   * The same rewriting, phrase by phrase (to show what the table did): each span of `tokens` it read
   * and what it became (`to` equals `from` where no phrase matched).
   */
  spans(tokens: readonly string[]): TokenSpan[];
  /** The canonical tokens of a one-word phrase (`token` folded), or undefined when it is none. */
  lookup(token: string): readonly string[] | undefined;
  readonly groups: number;
}

/** A run of tokens and what a table rewrote it to. */
export interface TokenSpan {
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Whether a phrase of the table matched (false: the token is kept as it was). */
  readonly rewritten: boolean;
}

interface Node {
  readonly next: Map<string, Node>;
  replacement?: readonly string[];
}

function invalid(source: string, reason: string, context: Record<string, unknown> = {}): HamdelError {
  return new HamdelError('ARTICLE_INVALID', `Synonyms in ${source}: ${reason}`, { file: source, ...context });
}

/**
 * Build a synonym table from parsed YAML (`{ language, groups: string[][] }`). Throws a
 * HamdelError (code ARTICLE_INVALID) naming `source` and the bad entry when the data is malformed:
 * a missing or unknown language, a group that is not a list of at least two non-empty strings, or
 * a phrase claimed by two groups.
 *
 * `before`: a table applied to texts before this one (the dialect list before the synonyms); its
 * rewriting is applied to this table's phrases too, so that a phrase still matches after it (a
 * synonym written "الباسورد" is read as the dialect list's "كلمة المرور"). Phrases that become the
 * same phrase that way are one phrase, kept by the first group.
 */
export function parseSynonyms(data: unknown, source = 'synonyms', before?: SynonymTable): SynonymTable {
  if (typeof data !== 'object' || data === null)
    throw invalid(source, 'expected a mapping with language and groups');
  const record = data as Record<string, unknown>;
  const language = record['language'];
  if (!isLanguage(language))
    throw invalid(source, `language must be fa, ar or en, not ${JSON.stringify(language)}`);
  const groups = record['groups'] ?? [];
  if (!Array.isArray(groups)) throw invalid(source, 'groups must be a list of lists of phrases');
  const root: Node = { next: new Map() };
  /** Group of each phrase as written, and of each phrase as read (after `before`). */
  const owner = new Map<string, number>();
  const inserted = new Map<string, number>();
  groups.forEach((group: unknown, index: number) => {
    if (!Array.isArray(group) || group.length < 2) {
      throw invalid(source, `group ${index + 1} must list at least two phrases`, { group });
    }
    const phrases = group.map((phrase: unknown) => {
      if (typeof phrase !== 'string' && typeof phrase !== 'number') {
        throw invalid(source, `group ${index + 1} has a phrase that is not text`, { group });
      }
      const tokens = tokenize(foldForSearch(String(phrase), language));
      if (tokens.length === 0) throw invalid(source, `group ${index + 1} has an empty phrase`, { group });
      return tokens;
    });
    const canonical = before === undefined ? (phrases[0] ?? []) : before.rewrite(phrases[0] ?? []);
    for (const raw of phrases) {
      const key = raw.join(' ');
      const previous = owner.get(key);
      if (previous !== undefined && previous !== index) {
        throw invalid(source, `"${key}" is in group ${previous + 1} and in group ${index + 1}`, { group });
      }
      owner.set(key, index);
    }
    for (const raw of phrases) {
      const tokens = before === undefined ? raw : before.rewrite(raw);
      const key = tokens.join(' ');
      const first = inserted.get(key);
      if (first !== undefined && first !== index) continue;
      inserted.set(key, index);
      let node = root;
      for (const token of tokens) {
        let child = node.next.get(token);
        if (child === undefined) {
          child = { next: new Map() };
          node.next.set(token, child);
        }
        node = child;
      }
      node.replacement = canonical;
    }
  });
  return {
    language,
    groups: groups.length,
    lookup: (token) => root.next.get(token)?.replacement,
    rewrite(tokens) {
      if (root.next.size === 0) return [...tokens];
      const out: string[] = [];
      walk(root, tokens, (from, _to, replacement) => {
        if (replacement === undefined) out.push(tokens[from] ?? '');
        else out.push(...replacement);
      });
      return out;
    },
    spans(tokens) {
      const out: TokenSpan[] = [];
      walk(root, tokens, (from, to, replacement) => {
        const read = tokens.slice(from, to);
        out.push({ from: read, to: replacement ?? read, rewritten: replacement !== undefined });
      });
      return out;
    },
  };
}

/**
 * Reads `tokens` left to right, the longest phrase first: calls `emit(from, to, replacement)` for each
 * phrase found (tokens[from..to)) and `emit(i, i + 1, undefined)` for each token no phrase starts with.
 */
function walk(
  root: Node,
  tokens: readonly string[],
  emit: (from: number, to: number, replacement: readonly string[] | undefined) => void,
): void {
  let i = 0;
  while (i < tokens.length) {
    let node: Node | undefined = root;
    let best: readonly string[] | undefined;
    let bestEnd = i;
    for (let j = i; j < tokens.length; j++) {
      node = node.next.get(tokens[j] ?? '');
      if (node === undefined) break;
      if (node.replacement !== undefined) {
        best = node.replacement;
        bestEnd = j + 1;
      }
    }
    if (best === undefined) {
      emit(i, i + 1, undefined);
      i += 1;
    } else {
      emit(i, bestEnd, best);
      i = bestEnd;
    }
  }
}
