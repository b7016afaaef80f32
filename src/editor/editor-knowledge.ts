import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import type { MessageCatalog } from '../dialogs/message-catalog.ts';
import type { DigitPolicy } from '../language/digits.ts';
import type { AngerDetector } from '../sentiment/detector.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import { DraftBases } from './draft-bases.ts';
import { HealthReports } from './health-reports.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { TryPreview } from './try-preview.ts';
import { registerTryRoutes } from './try-routes.ts';

export interface EditorKnowledgeOptions {
  readonly config: Pick<
    Config,
    | 'DEFAULT_LANGUAGE'
    | 'MAX_MESSAGE_CHARS'
    | 'ANGER_ACTION'
    | 'HELPFUL_QUESTION'
    | 'HELPFUL_QUESTION_GAP_MINUTES'
  >;
  readonly clock: Clock;
  readonly knowledge: () => KnowledgeSnapshot;
  readonly catalog: () => MessageCatalog;
  readonly digits: DigitPolicy;
  /** The anger detector as it is now (the bot reads each message's mood with it). */
  readonly anger?: () => AngerDetector;
  readonly requireAgent: RequireAgent;
}

/** The editor's "What would the bot answer?" (try-routes.ts) and "Health" (health-routes.ts) APIs. */
export async function registerEditorKnowledge(
  app: FastifyInstance,
  o: EditorKnowledgeOptions,
): Promise<void> {
  const preview = new TryPreview({
    catalog: o.catalog,
    clock: o.clock,
    defaultLanguage: o.config.DEFAULT_LANGUAGE,
    digits: o.digits,
    angerAction: o.config.ANGER_ACTION,
    ...(o.anger === undefined ? {} : { anger: o.anger }),
    ...(o.config.HELPFUL_QUESTION
      ? { helpful: { gapMs: o.config.HELPFUL_QUESTION_GAP_MINUTES * 60_000 } }
      : {}),
  });
  await registerTryRoutes(app, {
    requireAgent: o.requireAgent,
    knowledge: o.knowledge,
    preview,
    drafts: new DraftBases({ published: o.knowledge }),
    maxQuestionChars: o.config.MAX_MESSAGE_CHARS,
  });
  await registerHealthRoutes(app, { requireAgent: o.requireAgent, reports: new HealthReports(o.knowledge) });
}
