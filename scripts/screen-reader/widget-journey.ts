/**
 * A customer's journey in the widget, from the keyboard alone, listened to with Orca: the launcher, the
 * panel, a question answered with choices, the choices by Tab, one picked, a person asked for, the place in
 * line moving, the agent's reply, the rating question.
 */
import type { Page } from 'playwright-core';
import type { Language } from '../../src/core/language.ts';
import type { Desktop } from './desktop.ts';
import { Agent, Customer } from './far-side.ts';
import { type Moment, listener, openPage, timesHeard } from './listening.ts';
import { LAYOUTS, LOCALES, NAMES, PASSWORD, SAY } from './words.ts';

/** The widget's state, read through DevTools only to know when to listen. */
function inWidget<T>(page: Page, read: (root: ShadowRoot) => T): Promise<T> {
  return page.evaluate(`(${read.toString()})(document.querySelector('hamdel-chat').shadowRoot)`);
}

export async function widgetJourney(
  desktop: Desktop,
  baseUrl: string,
  language: Language,
  print: (moment: Moment) => void,
): Promise<void> {
  const moments: Moment[] = [];
  const listen = listener(desktop, (moment) => {
    moments.push(moment);
    print(moment);
  });
  const { page, close } = await openPage(desktop, `${baseUrl}/?lang=${language}`, LOCALES[language]);
  const agent = await Agent.signIn(baseUrl, `sara-${language}`, PASSWORD);
  const ahead = await Customer.connect(baseUrl, language);
  const botRows = () => inWidget(page, (r) => r.querySelectorAll('.row.bot[data-id]').length);
  const choices = () => inWidget(page, (r) => r.querySelectorAll('.choices:not([hidden]) .choice').length);
  const waitLine = () =>
    inWidget(page, (r) => r.querySelector('.wait-line:not([hidden])')?.textContent ?? '');
  const write = (text: string) => async () => {
    await desktop.type(text, LAYOUTS[language]);
    desktop.press('Return');
  };
  try {
    await page.waitForFunction(() =>
      document.querySelector('hamdel-chat')?.shadowRoot?.querySelector('.bubble'),
    );
    await desktop.settle();
    await listen('Shift+Tab from the top of the page: the launcher', () => desktop.press('shift+Tab'));
    await listen('Enter: the panel opens', () => desktop.press('Return'));
    let bots = await botRows();
    await listen(
      `types "${SAY[language].vague}", Enter: the question goes, the answer with choices comes`,
      write(SAY[language].vague),
      async () => (await botRows()) > bots && (await choices()) > 1,
    );
    await listen('Tab: the first choice', () => desktop.press('Tab'));
    await listen('Tab: the second choice', () => desktop.press('Tab'));
    bots = await botRows();
    await listen(
      'Enter: picks it; the answer comes',
      () => desktop.press('Return'),
      async () => (await botRows()) > bots,
    );

    // Someone else asked for a person first, so that this customer's place in line moves.
    await ahead.say(SAY[language].person);
    await agent.waitForLine(1);
    bots = await botRows();
    await listen(
      `types "${SAY[language].person}", Enter: the handoff and the place in line`,
      write(SAY[language].person),
      async () => (await botRows()) >= bots + 2 && (await choices()) > 0,
    );
    const other = await agent.takeNext();
    await listen(
      'the customer ahead is taken: the wait line shows the new place',
      () => undefined,
      async () => (await waitLine()) !== '',
      90_000,
    );
    const mine = await agent.takeNext();
    await listen(
      `the agent ${NAMES[language]} takes the chat and writes`,
      () => agent.say(mine, SAY[language].agent),
      async () => (await inWidget(page, (r) => r.querySelectorAll('.row.agent').length)) > 0,
    );
    await listen(
      'the agent resolves the chat: the rating question',
      () => agent.resolve(mine),
      async () => (await choices()) >= 5,
    );
    await listen('Tab: the first rating', () => desktop.press('Tab'));
    await listen('Escape: the panel closes', () => desktop.press('Escape'));
    agent.resolve(other);

    const texts = await inWidget(page, (r) =>
      Array.from(r.querySelectorAll<HTMLElement>('.row[data-id]:not(.customer) .text'), (e) => e.innerText),
    );
    print({
      what: 'times each message from the bot, the agent or the system was heard',
      heard: timesHeard(
        texts,
        moments.flatMap((m) => m.heard),
      ),
    });
  } catch (error) {
    console.error(
      'the widget showed:',
      await inWidget(page, (r) => Array.from(r.querySelectorAll('.row'), (e) => e.textContent)),
    );
    throw error;
  } finally {
    ahead.close();
    agent.close();
    await close();
  }
}
