import { describe, expect, it } from 'vitest';
import { FeatureSpace, featureTokens, featuresOfTokens } from '../../../src/knowledge/features.ts';
import { NearestExamples } from '../../../src/knowledge/neighbors.ts';

const context = { language: 'en' as const };
const texts = [
  'How do I return an item I bought?',
  'my parcel has not arrived yet',
  'return the parcel, the item is broken',
];

describe('FeatureSpace', () => {
  it('numbers the same features as featuresOfTokens, in the same order, with the same counts', () => {
    const space = new FeatureSpace(context);
    const tokenIds = texts.map((text) =>
      Int32Array.from(featureTokens(text, context), (t) => space.intern(t)),
    );
    for (const [i, text] of texts.entries()) {
      const ids = tokenIds[i] ?? new Int32Array(0);
      const encoded = space.encodeIds(ids, 0, ids.length);
      const expected = [...featuresOfTokens(featureTokens(text, context), context).values()];
      const counts = Array.from(encoded.ids.subarray(0, encoded.length), (id) => encoded.counts[id]);
      expect(counts).toEqual(expected);
    }
  });

  it('leaves out features it never saw once frozen', () => {
    const space = new FeatureSpace(context);
    const ids = Int32Array.from(featureTokens(texts[0] ?? '', context), (t) => space.intern(t));
    const first = space.encodeIds(ids, 0, ids.length).length;
    space.freeze();
    const size = space.size;
    expect(space.encodeTokens(featureTokens(texts[0] ?? '', context)).length).toBe(first);
    const unknown = space.encodeTokens(featureTokens('zebra xylophone', context));
    expect(unknown.length).toBe(0);
    expect(space.size).toBe(size);
  });
});

describe('NearestExamples postings cap', () => {
  it('keeps the largest values of a long list, ties to the earlier examples', () => {
    const one = (value: number) => ({ ids: Int32Array.of(0), values: Float32Array.of(value) });
    const index = NearestExamples.fromVectors(
      [one(0.5), one(0.9), one(0.5), one(0.5)],
      Int32Array.of(0, 1, 2, 3, 4),
      1,
      2,
    );
    const out = new Int32Array(4);
    const count = index.candidates(one(1), 4, out);
    expect(Array.from(out.subarray(0, count)).sort()).toEqual([0, 1]);
  });
});
