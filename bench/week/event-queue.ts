/** What the simulation does next: at a time of its clock, in the order scheduled among equal times. */
interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => Promise<void>;
}

/** A binary heap of scheduled work, earliest first (ties in the order they were scheduled). */
export class EventQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  at(at: number, run: () => Promise<void>): void {
    this.heap.push({ at: Math.round(at), seq: (this.seq += 1), run });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.heap[i] as Scheduled, this.heap[parent] as Scheduled)) break;
      [this.heap[i], this.heap[parent]] = [this.heap[parent] as Scheduled, this.heap[i] as Scheduled];
      i = parent;
    }
  }

  /** The earliest, taken off the queue. */
  next(): Scheduled | undefined {
    const first = this.heap[0];
    const last = this.heap.pop();
    if (first === undefined || last === undefined || this.heap.length === 0) return first;
    this.heap[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < this.heap.length && before(this.heap[l] as Scheduled, this.heap[least] as Scheduled)) least = l;
      if (r < this.heap.length && before(this.heap[r] as Scheduled, this.heap[least] as Scheduled)) least = r;
      if (least === i) break;
      [this.heap[i], this.heap[least]] = [this.heap[least] as Scheduled, this.heap[i] as Scheduled];
      i = least;
    }
    return first;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
