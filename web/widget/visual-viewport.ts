/**
 * The part of the page the visitor can see, for the full-screen panel on small screens: an on-screen
 * keyboard (or a pinch zoom) shrinks the visual viewport but not the layout viewport that `position: fixed`
 * follows, so the panel is placed by `--hamdel-vv-top` and `--hamdel-vv-height` (CSS pixels), kept up to
 * date while it is open. (Only the height: a keyboard takes none of the width, and a pinch zoom should
 * magnify, not fold the panel into the zoomed width.) Set through the CSSOM (no style attribute is parsed: CSP-safe).
 */
export function followVisualViewport(element: HTMLElement): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => undefined;
  const update = () => {
    element.style.setProperty('--hamdel-vv-top', `${viewport.offsetTop}px`);
    element.style.setProperty('--hamdel-vv-height', `${viewport.height}px`);
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
