import {
  DEFAULT_FEATURE_OPTIONS,
  type Encoded,
  type FeatureOptions,
  PAIR_GROUP,
  WORD_GROUP,
} from './features.ts';

/** A sparse, L2-normalized vector: feature ids ascending and their values. */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly values: Float32Array;
}

/**
 * TF-IDF over a fixed vocabulary learned from the training texts: value = group weight x
 * (1 + ln tf) x idf, idf = ln((n + 1) / (df + 1)) + 1 (n and df count texts, or groups of texts
 * such as articles), then L2-normalized. Features never seen in training are ignored at query
 * time (the frozen FeatureSpace leaves them out).
 *
 * Fitting sees one encoded text at a time (`observe`), then `finish`; nothing of the texts is
 * kept but the per-feature counts.
 */
export class TfIdf {
  private df = new Int32Array(1024);
  private lastGroup = new Int32Array(1024).fill(-1);
  /** Texts (not groups) that have each feature: the length of its posting list. */
  private texts = new Int32Array(1024);
  private readonly groupsSeen = new Set<number>();
  private observed = 0;
  private idf = new Float32Array(0);
  private weights = new Float32Array(0);

  constructor(private readonly options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS) {}

  get size(): number {
    return this.idf.length;
  }

  /** Texts that have each feature (valid after `finish`). */
  get textCounts(): Int32Array {
    return this.texts;
  }

  /**
   * Count one training text's features. With `group` (e.g. its article), a feature's document
   * frequency counts groups, not texts.
   */
  observe(text: Encoded, group?: number): void {
    const g = group ?? this.observed;
    this.observed += 1;
    this.groupsSeen.add(g);
    for (let k = 0; k < text.length; k++) {
      const id = text.ids[k] ?? 0;
      if (id >= this.df.length) this.grow(id);
      this.texts[id] = (this.texts[id] ?? 0) + 1;
      if (this.lastGroup[id] === g) continue;
      this.lastGroup[id] = g;
      this.df[id] = (this.df[id] ?? 0) + 1;
    }
  }

  private grow(id: number): void {
    let length = this.df.length;
    while (length <= id) length *= 2;
    const grow = (from: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(length).fill(fill);
      to.set(from);
      return to;
    };
    this.df = grow(this.df, 0);
    this.lastGroup = grow(this.lastGroup, -1);
    this.texts = grow(this.texts, 0);
  }

  /** Fix the idf of `features` features; `groupOf` tells each feature's group. */
  finish(features: number, groupOf: (id: number) => number): void {
    if (features > this.df.length) this.grow(features - 1);
    const n = this.groupsSeen.size;
    this.idf = new Float32Array(features);
    this.weights = new Float32Array(features);
    for (let id = 0; id < features; id++) {
      this.idf[id] = Math.log((n + 1) / ((this.df[id] ?? 0) + 1)) + 1;
      const group = groupOf(id);
      this.weights[id] =
        group === WORD_GROUP
          ? this.options.wordWeight
          : group === PAIR_GROUP
            ? this.options.bigramWeight
            : this.options.charWeight;
    }
    this.texts = this.texts.slice(0, features);
    this.df = new Int32Array(0);
    this.lastGroup = new Int32Array(0);
    this.groupsSeen.clear();
  }

  /** Unnormalized value of feature `id` with raw count `count`. */
  private value(id: number, count: number): number {
    return (this.weights[id] ?? 0) * (1 + Math.log(count)) * (this.idf[id] ?? 0);
  }

  /** 1 / the L2 norm of the text's values (0 for an empty text), summed in the text's order. */
  scale(text: Encoded): number {
    let norm = 0;
    for (let k = 0; k < text.length; k++) {
      const id = text.ids[k] ?? 0;
      const value = this.value(id, text.counts[id] ?? 0);
      norm += value * value;
    }
    return norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }

  /** Calls `emit` with each feature of the text (in the text's order) and its normalized value. */
  each(text: Encoded, emit: (id: number, value: number) => void): void {
    const scale = this.scale(text);
    for (let k = 0; k < text.length; k++) {
      const id = text.ids[k] ?? 0;
      emit(id, this.value(id, text.counts[id] ?? 0) * scale);
    }
  }

  /** The text's normalized vector, ids ascending. */
  transform(text: Encoded): SparseVector {
    const scale = this.scale(text);
    const ids = text.ids.slice(0, text.length).sort();
    const values = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] ?? 0;
      values[k] = this.value(id, text.counts[id] ?? 0) * scale;
    }
    return { ids, values };
  }
}
