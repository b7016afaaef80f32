/**
 * Says new messages to screen readers once each, through a polite live region: messages that arrive before
 * the next frame join one line, in their order (Chromium reports lines added in one frame in no set order,
 * and replacing a line's text would leave only the last of a burst: an answer, then "did this help?"); a
 * later message starts a new line after it. Only additions are read; the oldest lines are dropped unread,
 * late enough that a screen reader has taken them (removing a line at once lost it: Orca read the handoff's
 * "of course" no more when the place in line followed a frame later). What is already on screen (a chat
 * opened, a transcript laid out again) is never read out by it.
 */
const KEPT_LINES = 5;

export function liveLine(region: HTMLElement): (text: string) => void {
  let line: HTMLElement | undefined;
  return (text) => {
    if (line) return line.append(' ', text);
    region.append((line = document.createElement('p')));
    line.append(text);
    if (region.childElementCount > KEPT_LINES) region.firstElementChild?.remove();
    requestAnimationFrame(() => (line = undefined));
  };
}
