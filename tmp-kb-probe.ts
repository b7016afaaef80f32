import { LanguageIndex } from './src/knowledge/language-index.ts';
import { SHOP } from './test/unit/knowledge/fixtures.ts';
const idx = new LanguageIndex('fa', SHOP.filter(a=>a.language==='fa'));
for (const q of ['هوای تهران فردا چطور است','ميخوام سفارشمو پس بدم','بسته ام كي ميرسه']) {
  const s = idx.scores(q); console.log(q, Array.from(s.probability!).map(x=>x.toFixed(3)), Array.from(s.similarity).map(x=>x.toFixed(3)));
}
const en = new LanguageIndex('en', SHOP.filter(a=>a.language==='en'));
for (const q of ['what is the capital of peru','how can i retrun the thing i bougth','my parcle hasnt arived yet','tell me a joke about penguins']) {
  const s = en.scores(q); console.log(q, Array.from(s.probability!).map(x=>x.toFixed(3)), Array.from(s.similarity).map(x=>x.toFixed(3)));
}
