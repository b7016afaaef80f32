import { readFileSync } from 'node:fs';
import { buildIndex, type IndexOptions } from './src/knowledge/search-index.ts';
import { decide } from './src/knowledge/decision.ts';
import { random } from './src/knowledge/classifier.ts';
import type { Article } from './src/knowledge/article.ts';
import type { Language } from './src/core/language.ts';
const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: string });
const [trainF, testF, lang, shotsS, variantsJson] = process.argv.slice(2);
const train = read(trainF!), test = read(testF!);
const shots = shotsS === '0' ? undefined : Number(shotsS);
const by = new Map<string, string[]>();
for (const r of train) if (r.label !== 'oos') by.set(r.label, [...(by.get(r.label) ?? []), r.text]);
const next = random(1);
const articles: Article[] = [...by.keys()].sort().map((label) => {
  let q = by.get(label)!;
  if (shots) { q = [...q]; for (let i = q.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [q[i], q[j]] = [q[j]!, q[i]!]; } q = q.slice(0, shots); }
  return { id: label, language: lang as Language, title: label.replace(/_/g, ' '), questions: q, tags: [], body: '', file: '' };
});
const variants = JSON.parse(variantsJson!) as Record<string, IndexOptions>;
for (const [name, opts] of Object.entries(variants)) {
  const t0 = performance.now();
  const index = buildIndex(articles, opts);
  const b = performance.now() - t0;
  let c1 = 0, n = 0, oosA = 0, oosN = 0, inOk = 0;
  const t1 = performance.now();
  for (const r of test) {
    const hits = index.search(r.text, { language: lang as Language, limit: 3 });
    const d = decide(hits);
    if (r.label === 'oos') { oosN++; if (d.kind === 'none') oosA++; continue; }
    n++; if (hits[0]?.article.id === r.label) { c1++; if (d.kind !== 'none') inOk++; }
  }
  const q = (performance.now() - t1) / test.length;
  console.log(`${name.padEnd(20)} top1 ${(c1 / n).toFixed(4)} inScope ${(inOk / n).toFixed(4)} oosRec ${oosN ? (oosA / oosN).toFixed(3) : '-'} build ${b.toFixed(0)}ms q ${q.toFixed(3)}ms`);
}
