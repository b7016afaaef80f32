/**
 * nlp.js (node-nlp, a devDependency) as the baseline of `npm run bench:kb`, with its default
 * training and its default threshold (0.5: below it `process` answers the intent 'None'). Only
 * side effects are turned off: no model file (autoSave/autoLoad false), no training log, and no
 * sentiment analysis on every `process` call (that makes nlp.js faster, not slower).
 */
import { createRequire } from 'node:module';
import type { Language } from '../src/core/language.ts';

interface Classification {
  readonly intent: string;
  readonly score: number;
}

interface ProcessResult {
  readonly intent: string;
  readonly score: number;
  readonly classifications?: readonly Classification[];
}

interface NlpManagerInstance {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<ProcessResult>;
}

interface NodeNlp {
  readonly NlpManager: new (settings: Record<string, unknown>) => NlpManagerInstance;
}

const require = createRequire(import.meta.url);

/** nlp.js's own default threshold: `process` returns intent 'None' below it. */
export const NLPJS_THRESHOLD = 0.5;
const NONE = 'None';

export interface NlpjsAnswer {
  /** Intents best first ('None' left out), at most `limit`. */
  readonly ranked: string[];
  /** nlp.js abstains: intent 'None' or a score below its threshold. */
  readonly abstained: boolean;
}

export class NlpjsBaseline {
  private readonly manager: NlpManagerInstance;

  constructor(private readonly language: Language) {
    const { NlpManager } = require('node-nlp') as NodeNlp;
    this.manager = new NlpManager({
      languages: [language],
      autoSave: false,
      autoLoad: false,
      calculateSentiment: false,
      threshold: NLPJS_THRESHOLD,
      nlu: { log: false },
    });
  }

  add(intent: string, texts: readonly string[]): void {
    for (const text of texts) this.manager.addDocument(this.language, text, intent);
  }

  async train(): Promise<void> {
    await this.manager.train();
  }

  async ask(text: string, limit = 3): Promise<NlpjsAnswer> {
    const result = await this.manager.process(this.language, text);
    const ranked = [...(result.classifications ?? [])]
      .filter((c) => c.intent !== NONE)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((c) => c.intent);
    const abstained = result.intent === NONE || result.score < NLPJS_THRESHOLD;
    return { ranked, abstained };
  }
}
