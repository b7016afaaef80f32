/**
 * `npm run content:check [-- DIR]`: checks every article, synonym table, message catalog, anger lexicon,
 * canned reply, team's business hours and style file under the content folder (default ./content), and
 * the style of what customers read (style-audit.ts: each avoided phrase with its file, line and what to
 * write instead); lists each problem with its file and reason; exits 1 when there is any. With
 * `--report`, the knowledge base's health follows for each language (health.ts: leave-one-out,
 * conflicts, near duplicates, articles with too few questions); it takes seconds and never changes the
 * exit code, which only real problems set.
 */
import path from 'node:path';
import { isHamdelError } from '../core/errors.ts';
import { LANGUAGES } from '../core/language.ts';
import { MessageCatalog } from '../dialogs/message-catalog.ts';
import { formatLexiconProblem, loadLexicons } from '../sentiment/lexicon.ts';
import { loadCannedReplies } from '../handoff/canned-replies.ts';
import { loadTeamHours } from '../handoff/teams.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { buildIndex } from './search-index.ts';
import { auditStyle, formatStyleFinding } from './style-audit.ts';
import { checkStyleFiles, formatStyleProblem } from './style-file.ts';
import { checkHealth } from './health.ts';
import { formatHealthReport } from './health-text.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const report = args.includes('--report');
  const root = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? 'content');
  const problems: string[] = [];
  const kb = new KnowledgeBase({
    articlesDir: path.join(root, 'articles'),
    synonymsDir: path.join(root, 'synonyms'),
    dialectsDir: path.join(root, 'dialects'),
    offTopicDir: path.join(root, 'off-topic'),
    buildIndex,
  });
  const snapshot = await kb.load();
  for (const p of snapshot.problems) {
    const list = /^(?:synonyms|dialects|off-topic)\//.test(p.file);
    problems.push(`${list ? '' : 'articles/'}${p.file}: ${p.reason}`);
  }
  for (const language of LANGUAGES) {
    const count = snapshot.articles.filter((a) => a.language === language).length;
    console.log(`${language}: ${count} articles`);
    if (count === 0) problems.push(`articles/${language}: no articles in this language`);
  }
  try {
    await MessageCatalog.load(path.join(root, 'messages'));
  } catch (error) {
    if (!isHamdelError(error)) throw error;
    problems.push(error.message);
  }
  for (const load of [
    () => loadCannedReplies(path.join(root, 'canned')),
    () => loadTeamHours(path.join(root, 'teams.yaml')),
  ]) {
    try {
      await load();
    } catch (error) {
      if (!isHamdelError(error)) throw error;
      problems.push(error.message);
    }
  }
  const lexicons = await loadLexicons(path.join(root, 'lexicons'));
  for (const lexicon of Object.values(lexicons.lexicons)) {
    console.log(`${lexicon.language}: ${lexicon.entries.length} lexicon entries`);
  }
  for (const problem of lexicons.problems) problems.push(formatLexiconProblem(problem));
  const style = await checkStyleFiles(path.join(root, 'style'));
  problems.push(...style.problems.map(formatStyleProblem));
  const findings = await auditStyle(root, style.styles);
  console.log(`style: ${findings.length} avoided phrase(s) in articles, messages and canned replies`);
  for (const finding of findings) problems.push(formatStyleFinding(finding));
  if (report) {
    for (const language of LANGUAGES) {
      if (!snapshot.articles.some((article) => article.language === language)) continue;
      console.log(formatHealthReport(checkHealth(snapshot, language)).join('\n'));
    }
  }
  for (const problem of problems) console.error(`problem: ${problem}`);
  console.log(problems.length === 0 ? 'content is fine' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
