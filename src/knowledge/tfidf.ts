import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, groupWeight } from './features.ts';

/** A sparse, L2-normalized vector: feature ids ascending and their values. */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly values: Float32Array;
}

/**
 * TF-IDF over a fixed vocabulary learned from the training texts: value = group weight x
 * (1 + ln tf) x idf, idf = ln((n + 1) / (df + 1)) + 1 (n and df count texts, or groups of texts
 * such as articles), then L2-normalized. Features never seen in
 * training are ignored at query time.
 */
export class TfIdf {
  readonly ids = new Map<string, number>();
  private idf = new Float32Array(0);
  private weights = new Float32Array(0);

  constructor(private readonly options: Required<FeatureOptions> = DEFAULT_FEATURE_OPTIONS) {}

  get size(): number {
    return this.ids.size;
  }

  /**
   * Learn the vocabulary and document frequencies from the training texts' features. With
   * `groups` (one group number per text), a feature's document frequency counts groups, not texts.
   */
  fit(documents: readonly ReadonlyMap<string, number>[], groups?: readonly number[]): void {
    const df: number[] = [];
    const lastGroup: number[] = [];
    documents.forEach((doc, d) => {
      const group = groups?.[d] ?? d;
      for (const feature of doc.keys()) {
        let id = this.ids.get(feature);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(feature, id);
          df.push(0);
          lastGroup.push(-1);
        }
        if (lastGroup[id] === group) continue;
        lastGroup[id] = group;
        df[id] = (df[id] ?? 0) + 1;
      }
    });
    const n = groups === undefined ? documents.length : new Set(groups).size;
    this.idf = new Float32Array(df.length);
    this.weights = new Float32Array(df.length);
    for (const [feature, id] of this.ids) {
      this.idf[id] = Math.log((n + 1) / ((df[id] ?? 0) + 1)) + 1;
      this.weights[id] = groupWeight(feature, this.options);
    }
  }

  transform(features: ReadonlyMap<string, number>): SparseVector {
    const pairs: [number, number][] = [];
    let norm = 0;
    for (const [feature, count] of features) {
      const id = this.ids.get(feature);
      if (id === undefined) continue;
      const value = (this.weights[id] ?? 0) * (1 + Math.log(count)) * (this.idf[id] ?? 0);
      pairs.push([id, value]);
      norm += value * value;
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const ids = new Int32Array(pairs.length);
    const values = new Float32Array(pairs.length);
    pairs.forEach(([id, value], i) => {
      ids[i] = id;
      values[i] = value * scale;
    });
    return { ids, values };
  }
}
