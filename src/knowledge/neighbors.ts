import type { SparseVector } from './tfidf.ts';

/**
 * Fills an inverted index (for each feature, the examples that have it and their values) one
 * example at a time, in example order, in flat typed arrays laid out from the per-feature counts.
 */
export class PostingsBuilder {
  private readonly starts: Int32Array;
  private readonly fill: Int32Array;
  private readonly examples: Int32Array;
  private readonly values: Float32Array;
  private count = 0;

  /** `lengths[f]`: how many examples will have feature f. */
  constructor(private readonly lengths: Int32Array) {
    const features = lengths.length;
    this.starts = new Int32Array(features + 1);
    for (let f = 0; f < features; f++) this.starts[f + 1] = (this.starts[f] ?? 0) + (lengths[f] ?? 0);
    this.fill = this.starts.slice(0, features);
    const total = this.starts[features] ?? 0;
    this.examples = new Int32Array(total);
    this.values = new Float32Array(total);
  }

  /** Start the next example; returns its number. */
  next(): number {
    return this.count++;
  }

  /** Feature `id` of the current example has `value`. */
  add(id: number, value: number): void {
    const at = this.fill[id] ?? 0;
    this.examples[at] = this.count - 1;
    this.values[at] = value;
    this.fill[id] = at + 1;
  }

  /**
   * The index, keeping only the `maxPostings` largest values of a longer posting list (ties: the
   * earlier examples), in example order.
   */
  build(labels: Int32Array, maxPostings = 500): NearestExamples {
    const features = this.lengths.length;
    const { examples, values } = this;
    const starts = new Int32Array(features + 1);
    let kept = 0;
    for (let f = 0; f < features; f++) {
      const start = this.starts[f] ?? 0;
      const end = this.starts[f + 1] ?? 0;
      if (end - start <= maxPostings) {
        for (let p = start; p < end; p++) {
          examples[kept] = examples[p] ?? 0;
          values[kept] = values[p] ?? 0;
          kept += 1;
        }
      } else {
        const threshold = largest(values.subarray(start, end), maxPostings);
        let above = 0;
        for (let p = start; p < end; p++) if ((values[p] ?? 0) > threshold) above += 1;
        let ties = maxPostings - above;
        for (let p = start; p < end; p++) {
          const v = values[p] ?? 0;
          if (v > threshold || (v === threshold && ties-- > 0)) {
            examples[kept] = examples[p] ?? 0;
            values[kept] = v;
            kept += 1;
          }
        }
      }
      starts[f + 1] = kept;
    }
    const shrink = kept < examples.length;
    return new NearestExamples(
      starts,
      shrink ? examples.slice(0, kept) : examples,
      shrink ? values.slice(0, kept) : values,
      labels,
      this.count,
    );
  }
}

/**
 * Nearest example texts by cosine similarity, through an inverted index. For each class, the best
 * similarity of any of its examples.
 *
 * To bound the cost of a query in large knowledge bases, a feature shared by more than
 * `maxPostings` examples keeps only its `maxPostings` largest values: such features are common
 * (low idf), so the dropped products are the smallest ones, and the similarity is a close lower
 * bound of the exact cosine.
 */
export class NearestExamples {
  private readonly scratch: Float32Array;
  private readonly touched: Int32Array;
  /** Best similarity per class of the last query, and the classes it set (reset on the next). */
  readonly best: Float64Array;
  readonly classes: Int32Array;
  private classCount = 0;

  constructor(
    private readonly starts: Int32Array,
    private readonly examples: Int32Array,
    private readonly values: Float32Array,
    private readonly labels: Int32Array,
    exampleCount: number,
  ) {
    this.scratch = new Float32Array(exampleCount);
    this.touched = new Int32Array(exampleCount);
    let classes = 0;
    for (const label of labels) if (label + 1 > classes) classes = label + 1;
    this.best = new Float64Array(classes);
    this.classes = new Int32Array(classes);
  }

  static fromVectors(
    vectors: readonly SparseVector[],
    labels: Int32Array,
    features: number,
    maxPostings = 500,
  ): NearestExamples {
    const lengths = new Int32Array(features);
    for (const v of vectors) for (const id of v.ids) lengths[id] = (lengths[id] ?? 0) + 1;
    const builder = new PostingsBuilder(lengths);
    for (const v of vectors) {
      builder.next();
      for (let k = 0; k < v.ids.length; k++) builder.add(v.ids[k] ?? 0, v.values[k] ?? 0);
    }
    return builder.build(labels, maxPostings);
  }

  /**
   * Best cosine of every class that shares a feature with `query`: into `best[c]` for the
   * returned count of classes `classes[0..count)` (valid until the next call).
   */
  score(query: SparseVector): number {
    const { scratch, touched, best, classes, starts, examples, values, labels } = this;
    const ids = query.ids;
    const weights = query.values;
    for (let c = 0; c < this.classCount; c++) best[classes[c] ?? 0] = 0;
    let touchedCount = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] ?? 0;
      const q = weights[k] ?? 0;
      const end = starts[id + 1] ?? 0;
      for (let p = starts[id] ?? 0; p < end; p++) {
        const example = examples[p] ?? 0;
        const before = scratch[example] ?? 0;
        if (before === 0) touched[touchedCount++] = example;
        scratch[example] = before + q * (values[p] ?? 0);
      }
    }
    let count = 0;
    for (let t = 0; t < touchedCount; t++) {
      const example = touched[t] ?? 0;
      const label = labels[example] ?? 0;
      const score = scratch[example] ?? 0;
      scratch[example] = 0;
      const previous = best[label] ?? 0;
      if (score > previous) {
        if (previous === 0) classes[count++] = label;
        best[label] = score;
      }
    }
    this.classCount = count;
    return count;
  }

  /** Best cosine per class into `out` (length = classes; 0 where no example shares a feature). */
  bestPerClass(query: SparseVector, out: Float64Array): void {
    out.fill(0);
    const count = this.score(query);
    for (let c = 0; c < count; c++) {
      const label = this.classes[c] ?? 0;
      out[label] = this.best[label] ?? 0;
    }
  }
}

/** The `k`-th largest of `values` (1 <= k <= length), by quickselect on a copy. */
function largest(values: Float32Array, k: number): number {
  const a = values.slice();
  const target = a.length - k;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target] ?? 0;
}
