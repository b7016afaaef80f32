/**
 * Brings a new message into view in a scrolling list: a message taller than the list opens at its start
 * (its top `marginPx` below the list's top), so a long answer is read from its first line; a shorter one
 * with the list scrolled to the end. The widget and the agent console both use it.
 */
export function revealMessage(scroller: HTMLElement, message: HTMLElement, marginPx: number): void {
  const top = message.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  const end = scroller.scrollHeight - scroller.clientHeight;
  scroller.scrollTop = Math.max(0, Math.min(end, top - marginPx));
}
