/**
 * An agent's journey in the console, from the keyboard, listened to with Orca: a customer comes into line,
 * Alt+N takes them, the customer writes, a second customer is taken, Alt+↑ goes back to the first chat, the
 * agent answers. The transcript is a polite log: a new line must be heard once, and switching chats must not
 * read a whole transcript out.
 */
import type { Language } from '../../src/core/language.ts';
import type { Desktop } from './desktop.ts';
import { Customer } from './far-side.ts';
import { type Moment, listener, openPage } from './listening.ts';
import { LAYOUTS, LOCALES, PASSWORD, SAY } from './words.ts';

export async function consoleJourney(
  desktop: Desktop,
  baseUrl: string,
  language: Language,
  print: (moment: Moment) => void,
): Promise<void> {
  const listen = listener(desktop, print);
  const { page, close } = await openPage(desktop, `${baseUrl}/agent/login`, LOCALES[language]);
  const customers: Customer[] = [];
  const rows = () => page.evaluate(() => document.querySelectorAll('.log [data-entry]').length);
  const tabs = () => page.evaluate(() => document.querySelectorAll('[role="tab"]').length);
  const queued = () => page.evaluate(() => document.querySelectorAll('.queue-list li').length);
  try {
    await page.locator('#id').waitFor();
    await desktop.settle();
    await listen(
      'signs in: types the id, Tab, the password, Enter',
      async () => {
        await desktop.type(`sara-${language}`);
        desktop.press('Tab');
        await desktop.type(PASSWORD);
        desktop.press('Return');
      },
      async () => page.url().endsWith('/agent/') && (await page.locator('.queue-pane').count()) > 0,
    );
    for (const [index, text] of [SAY[language].person, SAY[language].person].entries()) {
      const customer = await Customer.connect(baseUrl, language);
      customers.push(customer);
      const before = await tabs();
      await listen(
        `customer ${index + 1} asks for a person: the queue`,
        () => customer.say(text),
        async () => (await queued()) > 0,
      );
      await listen(
        `Alt+N: takes customer ${index + 1}`,
        () => desktop.press('alt+n'),
        async () => (await tabs()) > before && (await rows()) > 0,
      );
    }
    const count = await rows();
    await listen(
      'customer 2 (the shown chat) writes',
      () => customers[1]?.say(SAY[language].more),
      async () => (await rows()) > count,
    );
    await listen('customer 1 (not shown) writes', () => customers[0]?.say(SAY[language].more));
    await listen('Alt+↑: back to customer 1', () => desktop.press('alt+Up'));
    await listen('Alt+C, types a reply, Enter', async () => {
      desktop.press('alt+c');
      await desktop.type(SAY[language].agent, LAYOUTS[language]);
      desktop.press('Return');
    });
  } finally {
    for (const customer of customers) customer.close();
    await close();
  }
}
