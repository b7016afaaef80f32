import { buildIndex } from '../src/knowledge/search-index.ts';
import { scaleCorpus } from './kb-scale.ts';
const c = scaleCorpus(3000, 200);
const a = c.articles(Number(process.argv[2] ?? 10000));
const t = performance.now();
const idx = buildIndex(a);
console.log('build', performance.now() - t, idx.size, process.memoryUsage().rss / 1e6);
