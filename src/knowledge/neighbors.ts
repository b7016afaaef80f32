import type { SparseVector } from './tfidf.ts';

/**
 * Nearest example texts by cosine similarity, through an inverted index (for each feature, the
 * examples that have it and their values). For each class, the best similarity of any of its
 * examples.
 *
 * To bound the cost of a query in large knowledge bases, a feature shared by more than
 * `maxPostings` examples keeps only its `maxPostings` largest values: such features are common
 * (low idf), so the dropped products are the smallest ones, and the similarity is a close lower
 * bound of the exact cosine.
 */
export class NearestExamples {
  private readonly starts: Int32Array;
  private readonly examples: Int32Array;
  private readonly values: Float32Array;
  private readonly scratch: Float32Array;
  private readonly touched: Int32Array;

  constructor(
    vectors: readonly SparseVector[],
    private readonly labels: Int32Array,
    features: number,
    maxPostings = 500,
  ) {
    const counts = new Int32Array(features + 1);
    let total = 0;
    for (const v of vectors) {
      for (const id of v.ids) counts[id + 1] = (counts[id + 1] ?? 0) + 1;
      total += v.ids.length;
    }
    for (let f = 0; f < features; f++) counts[f + 1] = (counts[f + 1] ?? 0) + (counts[f] ?? 0);
    const examples = new Int32Array(total);
    const values = new Float32Array(total);
    const fill = counts.slice(0, features);
    vectors.forEach((v, example) => {
      for (let k = 0; k < v.ids.length; k++) {
        const id = v.ids[k] ?? 0;
        const at = fill[id] ?? 0;
        examples[at] = example;
        values[at] = v.values[k] ?? 0;
        fill[id] = at + 1;
      }
    });
    // Compact, keeping the largest `maxPostings` values of long postings.
    this.starts = new Int32Array(features + 1);
    let kept = 0;
    for (let f = 0; f < features; f++) {
      const start = counts[f] ?? 0;
      const end = counts[f + 1] ?? 0;
      let order = Array.from({ length: end - start }, (_, i) => start + i);
      if (order.length > maxPostings) {
        order.sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0));
        order = order.slice(0, maxPostings).sort((a, b) => a - b);
      }
      for (const p of order) {
        examples[kept] = examples[p] ?? 0;
        values[kept] = values[p] ?? 0;
        kept += 1;
      }
      this.starts[f + 1] = kept;
    }
    this.examples = examples.slice(0, kept);
    this.values = values.slice(0, kept);
    this.scratch = new Float32Array(vectors.length);
    this.touched = new Int32Array(vectors.length);
  }

  /** Best cosine per class into `out` (length = classes; 0 where no example shares a feature). */
  bestPerClass(query: SparseVector, out: Float64Array): void {
    out.fill(0);
    const scratch = this.scratch;
    let touchedCount = 0;
    for (let k = 0; k < query.ids.length; k++) {
      const id = query.ids[k] ?? 0;
      const q = query.values[k] ?? 0;
      const end = this.starts[id + 1] ?? 0;
      for (let p = this.starts[id] ?? 0; p < end; p++) {
        const example = this.examples[p] ?? 0;
        if (scratch[example] === 0) this.touched[touchedCount++] = example;
        scratch[example] = (scratch[example] ?? 0) + q * (this.values[p] ?? 0);
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const example = this.touched[t] ?? 0;
      const label = this.labels[example] ?? 0;
      const score = scratch[example] ?? 0;
      if (score > (out[label] ?? 0)) out[label] = score;
      scratch[example] = 0;
    }
  }
}
