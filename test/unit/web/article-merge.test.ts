import { describe, expect, it } from 'vitest';
import type { ArticleForm } from '../../../src/knowledge/article-form.ts';
import { reapply } from '../../../web/editor/article-merge.ts';

const base: ArticleForm = {
  fields: {
    id: 'returns',
    language: 'fa',
    title: 'مرجوعی',
    questions: ['چطور پس بدم؟', 'شرایط مرجوعی', 'هزینه داره؟'],
    tags: ['returns'],
    needs_person: false,
    skills: [],
  },
  body: 'تا ۱۴ روز.',
};

const edit = (fields: Partial<ArticleForm['fields']>, body = base.body): ArticleForm => ({
  fields: { ...base.fields, ...fields },
  body,
});

describe("reapplying an editor's changes on the disk's newer version", () => {
  it("keeps the other side's changes where the editor changed nothing, and the editor's where they did", () => {
    const mine = edit({ title: 'بازگرداندن کالا' });
    const disk = edit({ tags: ['returns', 'orders'] }, 'تا ۲۱ روز.');
    expect(reapply(base, mine, disk)).toEqual({
      form: edit({ title: 'بازگرداندن کالا', tags: ['returns', 'orders'] }, 'تا ۲۱ روز.'),
      clashes: [],
    });
  });

  it('merges question lists item by item: an edit in place, an addition after its neighbour, a removal', () => {
    const mine = edit({ questions: ['چطور کالا رو پس بدم؟', 'شرایط مرجوعی', 'مهلت چند روزه؟'] });
    const disk = edit({ questions: ['چطور پس بدم؟', 'شرایط مرجوعی', 'هزینه داره؟', 'از فروشگاه؟'] });
    const { form, clashes } = reapply(base, mine, disk);
    expect(form.fields.questions).toEqual([
      'چطور کالا رو پس بدم؟',
      'شرایط مرجوعی',
      'مهلت چند روزه؟',
      'از فروشگاه؟',
    ]);
    expect(clashes).toEqual(['questions']);
  });

  it('names what both sides changed differently, and takes the editor’s', () => {
    const mine = edit({ title: 'الف', needs_person: true }, 'متن من');
    const disk = edit({ title: 'ب' }, 'متن دیسک');
    const { form, clashes } = reapply(base, mine, disk);
    expect(form).toEqual(edit({ title: 'الف', needs_person: true }, 'متن من'));
    expect(clashes).toEqual(['title', 'body']);
    // The same change on both sides is no clash.
    expect(reapply(base, edit({ title: 'ج' }), edit({ title: 'ج' })).clashes).toEqual([]);
  });
});
