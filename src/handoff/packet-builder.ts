import type { Language } from '../core/language.ts';
import type { Conversation, Customer, TranscriptEntry } from '../conversations/conversation.ts';
import type { KnowledgeSnapshot } from '../knowledge/knowledge-base.ts';
import type { AngerAssessment, EscalationReason, HandoffPacket } from './handoff-packet.ts';

const LAST_MESSAGES = 12;
const SUMMARY_CHARS = 280;

export interface PacketInput {
  readonly conversation: Conversation;
  readonly transcript: readonly TranscriptEntry[];
  readonly customer: Customer | undefined;
  readonly language: Language;
  readonly reasons: readonly EscalationReason[];
  readonly anger?: AngerAssessment;
  readonly knowledge: KnowledgeSnapshot;
  readonly team: string;
  readonly skills?: readonly string[];
  readonly now: number;
}

/** The handoff packet: why the bot stepped aside, what it tried, and what the customer said. */
export function buildPacket(input: PacketInput): HandoffPacket {
  const { conversation, transcript, language } = input;
  return {
    conversationId: conversation.id,
    channel: conversation.channel,
    customer: {
      id: conversation.customerId,
      ...(input.customer?.displayName ? { displayName: input.customer.displayName } : {}),
    },
    language,
    reasons: input.reasons,
    ...(input.anger ? { anger: input.anger } : {}),
    failedAnswers: conversation.failedAnswers,
    articlesOffered: articlesOffered(transcript, input.knowledge),
    summary: summarize(transcript),
    lastMessages: transcript.slice(-LAST_MESSAGES).map(({ raw: _raw, ...entry }) => entry),
    skills: input.skills ?? [],
    team: input.team,
    requestedAt: input.now,
  };
}

/** Articles the bot answered with or offered, most recent first, each once. */
function articlesOffered(transcript: readonly TranscriptEntry[], knowledge: KnowledgeSnapshot) {
  const seen = new Set<string>();
  const offered: { articleId: string; title: string; score?: number }[] = [];
  for (const entry of [...transcript].reverse()) {
    const meta = entry.meta;
    if (!meta || entry.author.kind !== 'bot') continue;
    const hits = meta.articleId
      ? [{ articleId: meta.articleId, score: meta.score }]
      : meta.kind === 'clarify'
        ? (meta.candidates ?? [])
        : [];
    for (const hit of hits) {
      if (seen.has(hit.articleId)) continue;
      seen.add(hit.articleId);
      const article = entry.language ? knowledge.article(entry.language, hit.articleId) : undefined;
      offered.push({
        articleId: hit.articleId,
        title: article?.title ?? hit.articleId,
        ...(hit.score !== undefined ? { score: hit.score } : {}),
      });
    }
  }
  return offered;
}

/**
 * An extractive summary: the customer's own most informative recent sentences (choices they clicked and
 * bare greetings left out), oldest first, within a few lines.
 */
export function summarize(transcript: readonly TranscriptEntry[]): string {
  const said = transcript
    .filter((e) => e.author.kind === 'customer' && !e.platformMessageId?.startsWith('#'))
    .map((e) => e.text.replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 0 && !text.startsWith('#'));
  const informative = said.filter((text) => text.split(' ').length >= 3);
  const picked = (informative.length > 0 ? informative : said).slice(-3);
  const unique = [...new Set(picked)];
  let summary = unique.join(' / ');
  if (summary.length > SUMMARY_CHARS) summary = `${summary.slice(0, SUMMARY_CHARS - 1)}…`;
  return summary;
}
