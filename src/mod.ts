/**
 * hamdel as a library: the parts integrators use, grouped by what they are for. Import from here only;
 * everything else is internal and may change.
 */

// Running the service
export { loadConfig, type Config } from './core/config.ts';
export { createHamdel, type Hamdel, type HamdelOptions } from './server/hamdel.ts';
// Redis connections as the settings say: one server, a Sentinel-managed master, or a Cluster
export { createRedis, type RedisSettings } from './core/redis.ts';
export type { RedisConnection } from './core/redis-script.ts';

// Messages, languages, errors, time
export type {
  Author,
  ChannelName,
  Choice,
  CustomerRef,
  InboundMessage,
  OutboundMessage,
  OutboundMeta,
} from './core/message.ts';
export { LANGUAGES, isLanguage, isRtl, type Language } from './core/language.ts';
export { ERROR_CODES, HamdelError, isHamdelError, type ErrorCode } from './core/errors.ts';
export { ManualClock, systemClock, type Clock } from './core/clock.ts';

// Your own channels: translate inbound into InboundMessage and hand it to `hamdel.turns.submit`;
// implement ChannelAdapter for the way out and register it on `hamdel.channels`.
export { ChannelRegistry, type ChannelAdapter } from './adapters/channel-adapter.ts';

// Conversations and your own storage
export type {
  Conversation,
  ConversationPatch,
  ConversationState,
  Customer,
  Mood,
  TranscriptEntry,
} from './conversations/conversation.ts';
export type { ConversationStore, TranscriptQuery } from './conversations/conversation-store.ts';
export { MemoryConversationStore } from './conversations/memory-conversation-store.ts';
export { RedisConversationStore } from './conversations/redis-conversation-store.ts';
export { TurnQueue, type TurnHandler, type TurnOutcome } from './conversations/turn-queue.ts';

// Your own dialogs: steps of a turn, and a client to test them
export { compose, type Middleware } from './dialogs/pipeline.ts';
export {
  DEFAULT_STEPS,
  DialogEngine,
  type DialogEngineOptions,
  type TurnResult,
} from './dialogs/dialog-engine.ts';
export type { ReplyDraft, TurnContext, TurnEffects, TurnServices } from './dialogs/turn-context.ts';
export { MessageCatalog } from './dialogs/message-catalog.ts';
export { DialogTestClient } from './dialogs/dialog-test-client.ts';

// Knowledge
export type { Article, KnowledgeIndex, SearchHit, SearchOptions } from './knowledge/article.ts';
export { buildIndex, buildIndexInSlices, type IndexOptions } from './knowledge/search-index.ts';
export { decide, DEFAULT_THRESHOLDS, type Decision } from './knowledge/decision.ts';
export { KnowledgeBase, createSnapshot, type KnowledgeSnapshot } from './knowledge/knowledge-base.ts';
// The business's style: phrases to avoid with what to write instead (content/style), found in a text
export {
  findStyleIssues,
  type StyleIssue,
  type StyleRule,
  type StyleRules,
  type StyleByLanguage,
} from './knowledge/style-check.ts';
export { loadStyleRules, parseStyleFile } from './knowledge/style-file.ts';

// Language and mood
export { foldForSearch, normalizeText } from './language/normalize.ts';
export { detectLanguage } from './language/detect.ts';
export {
  localizeDigits,
  formatNumber,
  digitPolicy,
  DEFAULT_DIGIT_POLICY,
  type DigitPolicy,
} from './language/digits.ts';
export { isolateRuns, textDirection, type Direction } from './language/bidi.ts';
// Message text: the Markdown subset as a tree laid out in its directions, and as plain text
export { layOutText } from './rich-text/bidi-layout.ts';
export { renderPlainText } from './rich-text/plain-text.ts';
export type { RichText, Block, Inline } from './rich-text/rich-text.ts';
export { createAngerDetector, loadAngerDetector, isAngry, type AngerDetector } from './sentiment/detector.ts';

// The human side
export type { HandoffPacket, EscalationReason } from './handoff/handoff-packet.ts';
export { HandoffQueue } from './handoff/handoff-queue.ts';
export { HandoffService } from './handoff/handoff-service.ts';
export type { Agent, AgentRole, AgentStatus } from './agents/agent.ts';

// Operations: metrics (the Metrics class is `hamdel.metrics`; pass one as `observer` to your own engine)
export { Metrics, type MetricsOptions } from './observability/metrics.ts';
export type { AnswerDecision, DialogObserver, StepObserver } from './dialogs/dialog-observer.ts';
export type { Readiness, ReadinessChecks } from './observability/readiness.ts';
