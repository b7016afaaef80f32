/**
 * `npm run bench:anger`: messages per second for the anger detector alone (`scoreMessage`), on one
 * core, over realistic customer messages in Persian, Arabic and English (written here, angry,
 * annoyed and calm ones mixed). Measured in CPU time of this process, so that other work on a
 * shared machine does not count. Target: at least 50,000 messages per second.
 */
import type { Language } from '../src/core/language.ts';
import { loadAngerDetector } from '../src/sentiment/detector.ts';

const MESSAGES: readonly (readonly [string, Language])[] = [
  ['Hi, where is my order? I placed it on Monday.', 'en'],
  ['This is RIDICULOUS!!! I have been waiting for two weeks and nobody answers', 'en'],
  ['Can I talk to a real person please, the bot is useless', 'en'],
  ['no problem, thanks anyway for your help', 'en'],
  [
    'Why was I charged twice for the same subscription? I want my money back now or I will file a chargeback',
    'en',
  ],
  ['how do I change the delivery address', 'en'],
  ['سلام، سفارشم کی میرسه؟', 'fa'],
  ['واقعا افتضاحه، چرا جواب نمی‌دید؟؟؟ سه روزه منتظرم', 'fa'],
  ['میخوام با اپراتور صحبت کنم لطفا', 'fa'],
  ['مشکلی نیست، ممنون از راهنماییتون', 'fa'],
  ['دیگه خسته شدم، اگه تا فردا نرسه کنسل میکنم و ازتون شکایت میکنم', 'fa'],
  ['هزینه ارسال برای شهرستان چقدره', 'fa'],
  ['مرحبا، متى يصل طلبي؟', 'ar'],
  ['خدمة سيئة جداً، ليش ما حد يرد؟؟', 'ar'],
  ['ابي اكلم احد من خدمة العملاء', 'ar'],
  ['لا مشكلة، شكرا على المساعدة', 'ar'],
  ['بقالي اسبوعين مستني والطلب لسه ما وصل، ايه الخدمة دي', 'ar'],
  ['كيف يمكنني تغيير كلمة المرور', 'ar'],
];

async function main(): Promise<void> {
  const detector = await loadAngerDetector();
  let sink = 0;
  /** CPU time of this process in ms (the machine may be shared: wall time would count others' work). */
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const run = (count: number): number => {
    const started = cpuMs();
    for (let i = 0; i < count; i++) {
      const [text, language] = MESSAGES[i % MESSAGES.length] as readonly [string, Language];
      sink += detector.scoreMessage(text, language).score;
    }
    return cpuMs() - started;
  };
  run(20_000); // warm up the JIT
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const count = 100_000;
    rounds.push((count / run(count)) * 1000);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)] as number;
  console.log(
    `anger detector: ${Math.round(median).toLocaleString('en')} messages/s (CPU time, median of 5 rounds of 100,000, one core)`,
  );
  console.log(
    `rounds: ${rounds.map((r) => Math.round(r)).join(', ')}; target 50,000; checksum ${sink.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
