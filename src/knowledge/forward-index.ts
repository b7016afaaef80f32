import type { SparseVector } from './tfidf.ts';

/** Values are stored in 16 bits: a normalized vector's values are in [0, 1]. */
const SCALE = 65_535;

/**
 * Every example text's TF-IDF vector, end to end in flat typed arrays, so that the exact cosine of
 * a few texts with a question costs one pass over each text's features and no posting list is
 * walked. Feature ids take 32 bits and normalized values 16 (rounding moves a cosine by less than
 * 1e-3, and saves a quarter of the memory). The question is spread into a dense array first
 * (`setQuestion`), so that each feature of a text is one array read.
 */
export class ForwardIndex {
  private readonly starts: Int32Array;
  private readonly ids: Int32Array;
  private readonly values: Uint16Array;
  private readonly question: Float32Array;
  private questionIds: Int32Array = new Int32Array(0);
  private length = 0;
  private texts = 0;

  /** `total`: the number of (text, feature) entries that will be added; `features`: the vocabulary's size. */
  constructor(textCount: number, total: number, features: number) {
    this.starts = new Int32Array(textCount + 1);
    this.ids = new Int32Array(total);
    this.values = new Uint16Array(total);
    this.question = new Float32Array(features);
  }

  /** Adds feature `id` with its normalized `value` to the current text. */
  add(id: number, value: number): void {
    this.ids[this.length] = id;
    this.values[this.length] = Math.round(Math.min(1, Math.max(0, value)) * SCALE);
    this.length += 1;
  }

  /** Closes the current text; the next `add` starts the next one. */
  endText(): void {
    this.texts += 1;
    this.starts[this.texts] = this.length;
  }

  /** The question that `cosine` compares with, until the next call. */
  setQuestion(x: SparseVector): void {
    const question = this.question;
    for (const id of this.questionIds) question[id] = 0;
    for (let k = 0; k < x.ids.length; k++) question[x.ids[k] as number] = x.values[k] as number;
    this.questionIds = x.ids;
  }

  /** Cosine of text `text` with the question (both vectors are normalized). */
  cosine(text: number): number {
    const { ids, values, question } = this;
    const end = this.starts[text + 1] as number;
    let dot = 0;
    for (let k = this.starts[text] as number; k < end; k++) {
      const q = question[ids[k] as number] as number;
      if (q !== 0) dot += q * (values[k] as number);
    }
    return dot / SCALE;
  }

  /** Calls `emit` with each feature of text `text` and its normalized value (for explanations and health). */
  each(text: number, emit: (id: number, value: number) => void): void {
    const end = this.starts[text + 1] as number;
    for (let k = this.starts[text] as number; k < end; k++) {
      emit(this.ids[k] as number, (this.values[k] as number) / SCALE);
    }
  }

  /** Best cosine of texts `from` to `to` (exclusive) with the question; 0 when there are none. */
  bestCosine(from: number, to: number): number {
    let best = 0;
    for (let text = from; text < to; text++) {
      const similarity = this.cosine(text);
      if (similarity > best) best = similarity;
    }
    return best;
  }
}
