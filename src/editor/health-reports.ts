import { KeyedWork } from '../core/keyed-work.ts';
import type { Language } from '../core/language.ts';
import { runInSlices } from '../core/sliced-work.ts';
import { checkingHealth, type HealthReport } from '../knowledge/health.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';

/**
 * The health report of each language of the published knowledge base (health.ts), computed once per
 * snapshot: when an editor first asks after a reload, in slices of the event loop so that turns keep
 * being answered, one language at a time in this process; later asks get the same report.
 */
export class HealthReports {
  private reports = new WeakMap<KnowledgeSnapshot, Map<Language, Promise<HealthReport>>>();
  private readonly work = new KeyedWork({ perLane: 1 });
  private jobs = 0;

  constructor(private readonly published: () => KnowledgeSnapshot) {}

  report(language: Language): Promise<HealthReport> {
    const snapshot = this.published();
    let byLanguage = this.reports.get(snapshot);
    if (byLanguage === undefined) {
      byLanguage = new Map();
      this.reports.set(snapshot, byLanguage);
    }
    const known = byLanguage.get(language);
    if (known !== undefined) return known;
    const report = new Promise<HealthReport>((resolve, reject) => {
      this.jobs += 1;
      this.work.add(`${language}:${this.jobs}`, 'health', async () => {
        try {
          resolve(await runInSlices(checkingHealth(snapshot, language)));
        } catch (error) {
          reject(error);
        }
      });
    });
    byLanguage.set(language, report);
    // A failure is not kept: the next ask tries again.
    report.catch(() => byLanguage.delete(language));
    return report;
  }
}
