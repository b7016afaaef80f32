import { runNow, type SlicedWork } from '../core/sliced-work.ts';
import type { SparseVector } from './tfidf.ts';

/** Postings looked at between pauses while building. */
const POSTINGS_PER_SLICE = 50_000;

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
  build(groupStarts: Int32Array, maxPostings = 500): NearestExamples {
    return runNow(this.building(groupStarts, maxPostings));
  }

  /** The same, pausable every few thousand postings (sliced-work.ts). */
  *building(groupStarts: Int32Array, maxPostings = 500): SlicedWork<NearestExamples> {
    const features = this.lengths.length;
    const { examples, values } = this;
    const starts = new Int32Array(features + 1);
    let kept = 0;
    let sinceYield = 0;
    for (let f = 0; f < features; f++) {
      const start = this.starts[f] ?? 0;
      const end = this.starts[f + 1] ?? 0;
      sinceYield += end - start;
      if (sinceYield >= POSTINGS_PER_SLICE) {
        sinceYield = 0;
        yield;
      }
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
      groupStarts,
    );
  }
}

/**
 * Candidate example texts for a question, through an inverted index (for each feature, the
 * examples that have it and their values): the examples with the highest dot product with the
 * question, computed term at a time.
 *
 * Examples belong to groups (their articles), and each group's scores are summed too: the dot
 * product of the question with the group's examples added together, the article as a whole.
 *
 * To bound the cost of a question in large knowledge bases, a feature shared by more than
 * `maxPostings` examples keeps only its `maxPostings` largest values: such features are common
 * (low idf), so the dropped products are the smallest ones and the score is a lower bound of the
 * cosine, good enough to pick candidates whose exact cosine is then computed (forward-index.ts).
 */
export class NearestExamples {
  private readonly scratch: Float32Array;
  private readonly touched: Int32Array;
  private heapScores = new Float64Array(64);
  /**
   * Per group (article) of a candidate of the last question: the sum of the scores of all the
   * group's examples (valid until the next question; other entries are 0).
   */
  readonly groupSums: Float64Array;
  private readonly summedGroups: number[] = [];

  constructor(
    private readonly starts: Int32Array,
    private readonly examples: Int32Array,
    private readonly values: Float32Array,
    /** The examples of group g are `groupStarts[g]` to `groupStarts[g + 1]` (exclusive). */
    private readonly groupStarts: Int32Array,
  ) {
    const exampleCount = groupStarts[groupStarts.length - 1] ?? 0;
    this.scratch = new Float32Array(exampleCount);
    this.touched = new Int32Array(exampleCount);
    this.groupSums = new Float64Array(Math.max(0, groupStarts.length - 1));
  }

  static fromVectors(
    vectors: readonly SparseVector[],
    groupStarts: Int32Array,
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
    return builder.build(groupStarts, maxPostings);
  }

  /** The scores of the candidates of the last question, in the order of `out` (valid until the next). */
  get candidateScores(): Float64Array {
    return this.heapScores;
  }

  /**
   * The (at most) `k` examples with the highest score for `query`, into `out` in no particular
   * order; returns how many. Examples that share no feature with the query are never candidates.
   * Also sums, for the group of each candidate, the scores of all its examples (`groupSums`).
   */
  candidates(query: SparseVector, k: number, out: Int32Array): number {
    const { scratch, touched, starts, examples, values, groupStarts, groupSums, summedGroups } = this;
    for (const group of summedGroups) groupSums[group] = 0;
    summedGroups.length = 0;
    const ids = query.ids;
    const weights = query.values;
    let touchedCount = 0;
    // The hot loop of a question (thousands of postings in a large knowledge base). The indexes
    // are in range by construction, so reads are asserted rather than defaulted: `?? 0` on every
    // read costs about a third of the time.
    for (let f = 0; f < ids.length; f++) {
      const id = ids[f] as number;
      const q = weights[f] as number;
      const end = starts[id + 1] as number;
      for (let p = starts[id] as number; p < end; p++) {
        const example = examples[p] as number;
        const before = scratch[example] as number;
        if (before === 0) touched[touchedCount++] = example;
        scratch[example] = before + q * (values[p] as number);
      }
    }
    if (this.heapScores.length < k) this.heapScores = new Float64Array(k);
    const heap = new TopK(this.heapScores, out, k);
    for (let t = 0; t < touchedCount; t++) {
      const example = touched[t] as number;
      heap.offer(example, scratch[example] as number);
    }
    for (let c = 0; c < heap.size; c++) {
      const group = this.groupOf(out[c] as number);
      if (groupSums[group] !== 0) continue;
      let sum = 0;
      const end = groupStarts[group + 1] as number;
      for (let e = groupStarts[group] as number; e < end; e++) sum += scratch[e] as number;
      groupSums[group] = sum;
      summedGroups.push(group);
    }
    for (let t = 0; t < touchedCount; t++) scratch[touched[t] as number] = 0;
    return heap.size;
  }

  /** The group of `example`, by binary search in `groupStarts`. */
  private groupOf(example: number): number {
    const starts = this.groupStarts;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= example) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The `k` items with the highest scores seen, as a min-heap over two caller-owned arrays. */
class TopK {
  size = 0;

  constructor(
    private readonly scores: Float64Array,
    private readonly items: Int32Array,
    private readonly k: number,
  ) {}

  offer(item: number, score: number): void {
    const { scores, items } = this;
    if (this.size < this.k) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((scores[parent] as number) <= score) break;
        scores[at] = scores[parent] as number;
        items[at] = items[parent] as number;
        at = parent;
      }
      scores[at] = score;
      items[at] = item;
      return;
    }
    if (this.k === 0 || score <= (scores[0] as number)) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && (scores[right] as number) < (scores[left] as number) ? right : left;
      if ((scores[child] as number) >= score) break;
      scores[at] = scores[child] as number;
      items[at] = items[child] as number;
      at = child;
    }
    scores[at] = score;
    items[at] = item;
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
