import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AngerDetector,
  createAngerDetector,
  isAngry,
  modelFile,
} from '../../../src/sentiment/detector.ts';
import { checkLexiconText } from '../../../src/sentiment/lexicon.ts';
import { createLinearModel, loadLinearModel, scoreOfSum } from '../../../src/sentiment/linear-model.ts';
import { SIGNALS } from '../../../src/sentiment/reason.ts';
import { evidenceOf, productDetector } from './helpers.ts';

let detector: AngerDetector;
beforeAll(async () => {
  detector = await productDetector();
});

describe('reasons quote the customer', () => {
  it('keeps the customer spelling: half-spaces, harakat, Arabic letters in Persian, capitals', () => {
    expect(evidenceOf(detector.scoreMessage('چرا جواب نمی‌دید؟', 'fa'), 'frustration')).toEqual([
      'چرا جواب نمی‌دید',
    ]);
    expect(evidenceOf(detector.scoreMessage('أنا غَاضِبٌ', 'ar'), 'anger')).toEqual(['غَاضِبٌ']);
    expect(evidenceOf(detector.scoreMessage('كلافه شدم', 'fa'), 'anger')).toEqual(['كلافه']);
    expect(evidenceOf(detector.scoreMessage('This is RIDICULOUS', 'en'), 'anger')).toEqual(['RIDICULOUS']);
  });

  it('orders reasons by weight, de-escalation last, and each names a known signal', () => {
    const result = detector.scoreMessage('واقعا افتضاحه!!! هنوز نرسیده، ولی ممنون', 'fa');
    const weights = result.reasons.map((r) => r.weight);
    expect(result.reasons.map((r) => r.signal)).toEqual([
      'anger',
      'frustration',
      'punctuation',
      'deescalation',
    ]);
    expect(weights.slice(0, 3)).toEqual([...weights.slice(0, 3)].sort((a, b) => b - a));
    for (const reason of result.reasons) expect(SIGNALS).toContain(reason.signal);
  });

  it('names the words behind the learned English model', () => {
    const text = 'I hate you so much, stop it';
    const result = detector.scoreMessage(text, 'en');
    const model = result.reasons.find((r) => r.signal === 'model');
    expect(model?.weight).toBeGreaterThan(0);
    const words = model?.evidence.split(', ') ?? [];
    expect(words.length).toBeGreaterThan(0);
    expect(words).toContain('hate');
    for (const word of words) expect(text).toContain(word);
  });

  it('a calm message has no positive reasons', () => {
    expect(detector.scoreMessage('سلام، هزینه ارسال چقدره؟', 'fa').reasons).toEqual([]);
  });
});

describe('the learned models', () => {
  it('English ships, says what it was trained on, and never on ArmanEmo or a dev split', async () => {
    const { readFile } = await import('node:fs/promises');
    const data = JSON.parse(await readFile(modelFile('en'), 'utf8')) as {
      source: string;
      weights: object;
    };
    expect(data.source).toContain('GoEmotions');
    expect(data.source).toContain('train.jsonl');
    expect(data.source.toLowerCase()).not.toContain('arman');
    expect(data.source).not.toMatch(/dev|test/);
    expect(Object.keys(data.weights).length).toBeGreaterThan(100);
    expect(loadLinearModel(modelFile('en')).language).toBe('en');
  });

  it('maps the weighted sum to the annoyed line at one cut and the angry line at the other', () => {
    const cuts = { annoyed: -1, angry: 2 };
    expect(scoreOfSum(-1, cuts)).toBeCloseTo(0.3);
    expect(scoreOfSum(2, cuts)).toBeCloseTo(0.5);
    expect(scoreOfSum(0.5, cuts)).toBeGreaterThan(0.3);
    expect(scoreOfSum(0.5, cuts)).toBeLessThan(0.5);
    expect(scoreOfSum(-9, cuts)).toBeLessThan(scoreOfSum(-8, cuts));
    expect(scoreOfSum(9, cuts)).toBeGreaterThan(0.99);
  });

  it('adds word and pair weights and explains its positive ones', () => {
    const cuts = { annoyed: -1, angry: 0 };
    const model = createLinearModel({
      language: 'en',
      source: 'test',
      lexiconWeight: 0,
      cuts,
      weights: { awful: 1.5, nice: -1, so_awful: 0.5 },
    });
    const result = model.predict(['so', 'awful', 'nice'], 0);
    expect(result.score).toBeCloseTo(scoreOfSum(1.5 + 0.5 - 1, cuts));
    expect(result.lift).toBeCloseTo(result.score - scoreOfSum(0, cuts));
    expect(result.top.map((c) => c.feature)).toEqual(['awful', 'so_awful']);
  });

  it('rejects a malformed model file, and cuts out of order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamdel-model-'));
    try {
      const file = path.join(dir, 'm.json');
      await writeFile(file, JSON.stringify({ language: 'en', lexiconWeight: 'x' }));
      expect(() => loadLinearModel(file)).toThrow(/malformed model/);
      const reversed = {
        language: 'en',
        source: '',
        lexiconWeight: 1,
        cuts: { annoyed: 1, angry: 0 },
        weights: {},
      };
      await writeFile(file, JSON.stringify(reversed));
      expect(() => loadLinearModel(file)).toThrow(/cuts.angry must be above cuts.annoyed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createAngerDetector', () => {
  const lexicon = checkLexiconText(
    'language: en\nanger:\n  furious: 0.7\n  annoyed: 0.35\n',
    'en.yaml',
  ).lexicon;

  it('uses the thresholds for the levels and isAngry', () => {
    const d = createAngerDetector({ lexicons: { en: lexicon } });
    expect(d.thresholds).toEqual({ annoyed: 0.3, angry: 0.5 });
    expect(d.scoreMessage('I am furious', 'en').level).toBe('angry');
    expect(d.scoreMessage('I am annoyed', 'en').level).toBe('annoyed');
    const strict = createAngerDetector({ lexicons: { en: lexicon }, thresholds: { angry: 0.8 } });
    expect(strict.scoreMessage('I am furious', 'en').level).toBe('annoyed');
    expect(isAngry(strict.scoreMessage('I am furious', 'en'))).toBe(false);
  });

  it('handles empty and letter-less messages', () => {
    const d = createAngerDetector({ lexicons: { en: lexicon } });
    expect(d.scoreMessage('', 'en')).toEqual({
      score: 0,
      level: 'calm',
      reasons: [],
      wantsPerson: false,
      personEvidence: [],
    });
    expect(d.assessTurn(['', '   '], '123', 'en').level).toBe('calm');
  });

  it('rejects thresholds out of order', () => {
    expect(() => createAngerDetector({ lexicons: {}, thresholds: { annoyed: 0.6, angry: 0.5 } })).toThrow(
      RangeError,
    );
  });

  it('still reads surface signals in a language without a lexicon', () => {
    const d = createAngerDetector({ lexicons: { en: lexicon } });
    const result = d.scoreMessage('چرا؟؟؟!!! 😡', 'fa');
    expect(result.reasons.map((r) => r.signal).sort()).toEqual(['emoji', 'punctuation']);
  });
});
