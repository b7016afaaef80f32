import type { HealthReport } from './health.ts';

const percent = (part: number, whole: number): string =>
  whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;

/** A health report as lines of plain text (`npm run content:check -- --report`). */
export function formatHealthReport(report: HealthReport): string[] {
  const { language, leaveOneOut: loo, limits } = report;
  const lines = [
    `${language}: ${report.articles} articles, ${report.questions} example questions (${report.ms} ms)`,
    `  leave-one-out (${loo.rounds} rounds): ${loo.asked} asked, answered right ${loo.right} (${percent(loo.right, loo.asked)}), ` +
      `answered wrong ${loo.wrong} (${percent(loo.wrong, loo.asked)}), abstained ${loo.abstained} (${percent(loo.abstained, loo.asked)})`,
    `  conflicts (an example question answered with another article): ${report.conflicts.length}`,
  ];
  for (const c of report.conflicts) {
    lines.push(
      `    ${language}/${c.article.id}: "${c.question}" -> ${c.answeredBy.id} (${c.score.toFixed(2)})`,
    );
  }
  lines.push(
    `  near duplicates (all texts >= ${limits.nearDuplicate} or own texts >= ${limits.sameText} alike): ${report.nearDuplicates.length}`,
  );
  for (const d of report.nearDuplicates) {
    lines.push(
      `    ${language}/${d.a.id} ~ ${language}/${d.b.id}: texts ${d.similarity.toFixed(2)}, own texts ${d.textSimilarity.toFixed(2)}`,
    );
  }
  lines.push(`  too few questions (under ${limits.minQuestions}): ${report.thin.length}`);
  for (const t of report.thin) lines.push(`    ${language}/${t.article.id}: ${t.questions}`);
  return lines;
}
