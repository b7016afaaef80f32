/**
 * The results of a pure function for the last few arguments it was called with: for work that a turn would
 * otherwise repeat on the same text (folding a message in several steps, laying out an article's body that
 * many customers are sent, scoring a customer's earlier messages again at each of their turns). Bounded:
 * once full, the oldest result goes first. Results are shared, so they must never be changed by a caller.
 */
export class RecentResults<K, V> {
  private readonly results = new Map<K, V>();

  /** `limit`: how many results are kept. */
  constructor(private readonly limit: number) {}

  /** The result for `key`, computed by `compute` when it is not kept. */
  get(key: K, compute: (key: K) => V): V {
    const known = this.results.get(key);
    if (known !== undefined || this.results.has(key)) return known as V;
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.results.size >= this.limit && !this.results.has(key)) {
      const oldest = this.results.keys().next();
      if (!oldest.done) this.results.delete(oldest.value);
    }
    this.results.set(key, value);
  }

  get size(): number {
    return this.results.size;
  }
}
