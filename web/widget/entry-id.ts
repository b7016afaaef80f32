/** Transcript entry ids are Redis stream ids, "<ms>-<seq>": compare both parts as numbers. */
export function compareEntryIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  if (Number.isNaN(aMs + aSeq + bMs + bSeq)) return a < b ? -1 : a > b ? 1 : 0;
  return aMs - bMs || aSeq - bSeq;
}
