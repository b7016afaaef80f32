/**
 * A word's candidate forms in two rounds: every form one step away (`oneStep`), then every form one more
 * step from those, each once and never the word itself. Dialect and colloquial rewriting share it
 * (variants-ar.ts, variants-fa.ts), each with its own steps.
 */
export function twoRounds(
  word: string,
  oneStep: (word: string) => readonly string[],
): readonly (readonly string[])[] {
  if (word.length < 3) return [];
  const first = oneStep(word);
  const seen = new Set<string>([word, ...first]);
  const second: string[] = [];
  for (const candidate of first) {
    for (const next of oneStep(candidate)) {
      if (!seen.has(next)) {
        seen.add(next);
        second.push(next);
      }
    }
  }
  return [first, second];
}
