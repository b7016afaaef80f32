// dump raw signals per dev query: p1 p2 sim1 simMax correct oos C
import { readFileSync, writeFileSync } from 'node:fs';
import { LanguageIndex } from './src/knowledge/language-index.ts';
import { random } from './src/knowledge/classifier.ts';
import type { Article } from './src/knowledge/article.ts';
import type { Language } from './src/core/language.ts';
const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: string });
const [trainF, testF, lang, shotsS, out] = process.argv.slice(2);
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
const t0 = performance.now();
const idx = new LanguageIndex(lang as Language, articles);
console.error('build', (performance.now() - t0).toFixed(0));
const lines: string[] = [];
let ok = 0, n = 0;
for (const r of test) {
  const { probability: p, similarity: s } = idx.scores(r.text);
  let b = 0, b2 = -1;
  for (let i = 0; i < p!.length; i++) { if (p![i]! > p![b]!) { b2 = b; b = i; } else if (b2 < 0 || p![i]! > p![b2]!) { if (i !== b) b2 = i; } }
  let smax = 0; for (const v of s) if (v > smax) smax = v;
  const correct = articles[b]!.id === r.label ? 1 : 0;
  if (r.label !== 'oos') { n++; ok += correct; }
  lines.push([p![b], p![b2], s[b], smax, correct, r.label === 'oos' ? 1 : 0, articles.length].join(' '));
}
console.error('top1', (ok / n).toFixed(4));
writeFileSync(out!, lines.join('\n') + '\n');
