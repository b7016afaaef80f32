/**
 * axe-core in a real page: injects axe's own source, runs the WCAG 2.0/2.1 A and AA rules over the whole
 * document (open shadow roots included, so the widget's insides are checked too) and returns the critical
 * and serious violations, printed one node per line so a failure says what to fix and where.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  /** One line per offending element: its selector (through shadow roots) and axe's summary. */
  readonly nodes: readonly string[];
}

/** The critical and serious WCAG A/AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Colours are judged when they have settled: wait for running finite animations (the panel's fade-in).
  await page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const element of Array.from(document.querySelectorAll('*')))
      if (element.shadowRoot) roots.push(element.shadowRoot);
    return Promise.all(
      roots
        .flatMap((root) => root.getAnimations())
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
  });
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate(
    async (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: [...tags] },
        resultTypes: ['violations'],
      }),
    WCAG_TAGS,
  );
  return results.violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      nodes: violation.nodes.map(
        (node) => `${JSON.stringify(node.target)}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    }));
}

/** The findings as readable text (empty when there are none). */
export function describeFindings(where: string, findings: readonly AxeFinding[]): string {
  return findings
    .map((f) => `${where} · ${f.impact} ${f.rule}: ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
}
