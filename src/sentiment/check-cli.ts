/**
 * `npm run lexicon:check [-- DIR]`: checks the anger lexicons (default ./content/lexicons) and lists
 * every malformed entry as "file:line: family: phrase: reason"; exits 1 when there is any.
 */
import path from 'node:path';
import { formatLexiconProblem, loadLexicons } from './lexicon.ts';

async function main(): Promise<number> {
  const dir = path.resolve(process.argv[2] ?? 'content/lexicons');
  const { lexicons, problems } = await loadLexicons(dir);
  for (const lexicon of Object.values(lexicons)) {
    console.log(`${lexicon.language}: ${lexicon.entries.length} entries`);
  }
  for (const problem of problems) console.error(`problem: ${formatLexiconProblem(problem)}`);
  console.log(problems.length === 0 ? 'lexicons are fine' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
