import { beforeAll, describe, expect, it } from 'vitest';
import * as hamdel from '../../src/mod.ts';
import { sampleContent } from '../helpers/content.ts';

let content: Awaited<ReturnType<typeof sampleContent>>;
beforeAll(async () => {
  content = await sampleContent();
});

describe('the library entry point', () => {
  it('lets an integrator add a dialog step of their own and test it with the dialog test client', async () => {
    const orderStatus: hamdel.Middleware<hamdel.TurnContext> = async (ctx, next) => {
      const order = /\b(ORD-\d{4,})\b/.exec(ctx.message.text)?.[1];
      if (!order) return next();
      ctx.replies.push({ text: `Order ${order} is on its way.`, meta: { kind: 'answer' } });
    };
    const steps = [...hamdel.DEFAULT_STEPS];
    steps.splice(steps.length - 2, 0, orderStatus); // before answering from the articles
    const client = new hamdel.DialogTestClient({ ...content, engine: { steps } });
    expect(await client.say('where is ORD-12345?')).toContain('Order ORD-12345 is on its way.');
    expect((await client.say('how long does delivery take?')).join(' ')).toMatch(/business days/);
  });

  it('exposes the storage, channel and language parts', () => {
    expect(new hamdel.ChannelRegistry()).toBeInstanceOf(hamdel.ChannelRegistry);
    expect(hamdel.foldForSearch('مي‌خواهم')).toBe(hamdel.foldForSearch('میخواهم'));
    expect(hamdel.detectLanguage('سفارشم کجاست؟')?.language).toBe('fa');
    expect(hamdel.isRtl('ar')).toBe(true);
  });
});
