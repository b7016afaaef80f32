/**
 * A small, explainable learned component per language: an ordinal logistic model (calm < annoyed <
 * angry) over the folded words and word pairs of a message plus the lexicon's own score (stacked:
 * the model learns what the lexicon misses and how far to trust it). One weighted sum `z` places a
 * message on one line; two cut points, chosen where the product's decision was best on held-out
 * folds, say where that line crosses the "annoyed" and the "angry" score. Its top contributing words
 * are what the detector shows.
 *
 * The shipped models (model/anger-<language>.json) are trained by scripts/train-anger.ts: English on
 * the GoEmotions train split (Apache-2.0, Google Research), Persian and Arabic on the project's own
 * sets in data/anger; never on ArmanEmo (non-commercial) and never on a dev or test split.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HamdelError } from '../core/errors.ts';
import { LANGUAGES, type Language } from '../core/language.ts';
import { DEFAULT_THRESHOLDS } from './message-scorer.ts';

/** Where the weighted sum crosses each level's score line. */
export interface Cuts {
  /** `z` at which the score reaches the annoyed line (0.3). */
  readonly annoyed: number;
  /** `z` at which the score reaches the angry line (0.5); above `annoyed`. */
  readonly angry: number;
}

export interface LinearModelData {
  readonly language: Language;
  /** What the model was trained on and how (shown in docs and reports). */
  readonly source: string;
  /** Weight of the lexicon's own score (as a logit) among the model's inputs. */
  readonly lexiconWeight: number;
  readonly cuts: Cuts;
  /** Feature -> weight. Features are folded words and "word_word" pairs. */
  readonly weights: Readonly<Record<string, number>>;
}

const modelSchema = z.object({
  language: z.enum(LANGUAGES),
  source: z.string(),
  lexiconWeight: z.number(),
  cuts: z
    .object({ annoyed: z.number(), angry: z.number() })
    .refine((c) => c.angry > c.annoyed, 'cuts.angry must be above cuts.annoyed'),
  weights: z.record(z.string(), z.number()),
});

export interface Contribution {
  /** The folded word or pair. */
  readonly feature: string;
  readonly weight: number;
  /** Index of the (first) token of the feature. */
  readonly at: number;
  readonly length: 1 | 2;
}

export interface Prediction {
  /** The detector's score: words and lexicon score together, through the cuts. */
  readonly score: number;
  /** How much the words raise the score over the lexicon input alone (0 when they lower it). */
  readonly lift: number;
  /** Positive word contributions, largest first. */
  readonly top: readonly Contribution[];
}

export interface LinearModel {
  readonly language: Language;
  /** `lexiconScore`: the lexicon and surface signals' combined score in [0, 1]. */
  predict(tokens: readonly string[], lexiconScore: number, topN?: number): Prediction;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const logit = (p: number): number => Math.log(p / (1 - p));
/** The score lines the cuts map to (the detector's default thresholds), as logits. */
const ANNOYED_LOGIT = logit(DEFAULT_THRESHOLDS.annoyed);
const ANGRY_LOGIT = logit(DEFAULT_THRESHOLDS.angry);

/**
 * The score of a weighted sum: a monotone map that reaches the default annoyed line (0.3) at
 * `cuts.annoyed` and the angry line (0.5) at `cuts.angry`, linear in logit space between them and
 * of slope 1 beyond.
 */
export function scoreOfSum(sum: number, cuts: Cuts): number {
  let x: number;
  if (sum <= cuts.annoyed) x = ANNOYED_LOGIT + (sum - cuts.annoyed);
  else if (sum >= cuts.angry) x = ANGRY_LOGIT + (sum - cuts.angry);
  else {
    const slope = (ANGRY_LOGIT - ANNOYED_LOGIT) / (cuts.angry - cuts.annoyed);
    x = ANNOYED_LOGIT + (sum - cuts.annoyed) * slope;
  }
  return sigmoid(x);
}

/** The lexicon score as a model input: its logit, kept within +-4.6. */
export function lexiconInput(score: number): number {
  const p = Math.min(0.99, Math.max(0.01, score));
  return Math.log(p / (1 - p));
}

/** Features of a token list: every word, and every adjacent pair as "a_b". */
export function features(tokens: readonly string[]): string[] {
  const out: string[] = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}

export function createLinearModel(data: LinearModelData): LinearModel {
  const weights = new Map(Object.entries(data.weights));
  /** Words that begin some pair feature: pairs are only built after these (a hot path). */
  const pairStarts = new Set<string>();
  for (const feature of weights.keys()) {
    const cut = feature.indexOf('_');
    if (cut > 0) pairStarts.add(feature.slice(0, cut));
  }
  return {
    language: data.language,
    predict(tokens: readonly string[], lexiconScore: number, topN = 3): Prediction {
      let words = 0;
      const seen = new Set<string>();
      const positive: Contribution[] = [];
      const add = (feature: string, at: number, length: 1 | 2): void => {
        const w = weights.get(feature);
        if (w === undefined || seen.has(feature)) return;
        seen.add(feature);
        words += w;
        if (w > 0) positive.push({ feature, weight: w, at, length });
      };
      for (let i = 0; i < tokens.length; i++) {
        add(tokens[i] as string, i, 1);
        if (i + 1 < tokens.length && pairStarts.has(tokens[i] as string))
          add(`${tokens[i]}_${tokens[i + 1]}`, i, 2);
      }
      positive.sort((a, b) => b.weight - a.weight);
      const base = data.lexiconWeight * lexiconInput(lexiconScore);
      const score = scoreOfSum(base + words, data.cuts);
      const lift = Math.max(0, score - scoreOfSum(base, data.cuts));
      return { score, lift, top: positive.slice(0, topN) };
    },
  };
}

/** Read and check a model file; throws LEXICON_INVALID naming the file when it is malformed. */
export function loadLinearModel(file: string | URL): LinearModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HamdelError('LEXICON_INVALID', `${String(file)}: cannot read the model: ${String(error)}`, {
      file: String(file),
    });
  }
  const result = modelSchema.safeParse(parsed);
  if (!result.success) {
    const reasons = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new HamdelError('LEXICON_INVALID', `${String(file)}: malformed model: ${reasons}`, {
      file: String(file),
    });
  }
  return createLinearModel(result.data);
}
