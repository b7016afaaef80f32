import { cssText } from '../shared/css-text.ts';

/**
 * The chat panel's stylesheet, added after the launcher's (launcher-styles.ts, which sets the colours,
 * fonts and focus ring these rules use). The build minifies the CSS: comments inside it cost nothing.
 * The message box's focus ring is on its composer box and the message list's drawn inwards, so the panel's
 * clipped corners cut none of it.
 */
export function panelStyles(): string {
  return cssText`
/* The panel. */
.panel {
  position: absolute; bottom: 76px; width: 380px; height: min(640px, calc(100vh - 116px));
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 18px;
  box-shadow: 0 16px 48px rgba(17, 24, 39, .22), 0 3px 10px rgba(17, 24, 39, .08);
  animation: hamdel-open .2s ease-out;
}
.root.right .panel { right: 0; transform-origin: bottom right; }
.root.left .panel { left: 0; transform-origin: bottom left; }
.panel[hidden] { display: none; }
@keyframes hamdel-open { from { opacity: 0; transform: translateY(10px) scale(.98); } }

.header {
  display: flex; align-items: center; gap: 12px; padding: 16px 14px 16px 18px;
  padding-inline: 18px 12px;
  background: linear-gradient(135deg, var(--accent), var(--accent-strong)); color: #fff;
}
.header-avatar {
  flex: none; width: 42px; height: 42px; border-radius: 50%; display: grid; place-items: center;
  background: rgba(255, 255, 255, .18);
}
.header-text { min-width: 0; flex: 1; }
.title { margin: 0; font-size: 16.5px; font-weight: 650; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.status { display: flex; align-items: center; gap: 6px; font-size: 12.5px; opacity: .92; }
.status .dot { width: 8px; height: 8px; border-radius: 50%; background: #5ee38f; box-shadow: 0 0 0 2px rgba(255,255,255,.25); }
.status.busy .dot { background: #ffd166; }
.close {
  flex: none; width: 38px; height: 38px; border: 0; border-radius: 10px; background: transparent;
  color: #fff; cursor: pointer; display: grid; place-items: center;
}
.close:hover { background: rgba(255, 255, 255, .16); }
.close:focus-visible { outline-color: #fff; outline-offset: 0; }

.scroll { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 14px 14px 10px; background: var(--canvas); }
.scroll:focus-visible { outline-offset: -3px; }
.entries { display: flex; flex-direction: column; }
.intro {
  margin: 4px 0 6px; padding: 16px 18px; border-radius: 16px; background: #fff; border: 1px solid var(--line);
  box-shadow: 0 1px 2px rgba(17, 24, 39, .05);
}
.intro[hidden] { display: none; }
.intro-title { margin: 0 0 4px; font-size: 17px; font-weight: 650; }
.intro-text { margin: 0; color: var(--muted); font-size: 14px; }

.row { display: flex; flex-direction: column; align-items: flex-start; margin-top: 14px; min-width: 0; }
.row.continued { margin-top: 4px; }
.row.customer { align-items: flex-end; }
.row.system { align-items: center; }
.author { display: flex; align-items: center; gap: 8px; margin-bottom: 5px; font-size: 12.5px; font-weight: 600; color: var(--muted); }
.row.continued .author, .row.customer .author, .row.system .author {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.avatar {
  width: 26px; height: 26px; border-radius: 50%; display: grid; place-items: center;
  background: var(--accent); color: #fff; font-size: 12.5px; font-weight: 700;
}
.row.agent .avatar { background: #0f766e; }

.text {
  max-width: calc(100% - 44px); padding: 9px 13px; border-radius: 16px;
  background: #fff; color: var(--ink); border: 1px solid var(--line);
  box-shadow: 0 1px 2px rgba(17, 24, 39, .05);
  overflow-wrap: anywhere; unicode-bidi: plaintext;
}
.row.bot .text, .row.agent .text { margin-inline-start: 34px; border-start-start-radius: 6px; }
.row.customer .text { background: var(--accent); color: #fff; border-color: transparent; }
.row.customer.last-of-run .text { border-end-end-radius: 6px; }
.row.customer.sending .text { opacity: .72; }
.row.system .text {
  max-width: 90%; padding: 4px 10px; background: transparent; border: 0; box-shadow: none;
  color: var(--muted); font-size: 13px; text-align: center;
}
.text p { margin: 0; }
.text p + p, .text p + ul, .text p + ol, .text ul + p, .text ol + p { margin-top: 8px; }
.text ul, .text ol { margin: 4px 0 0; padding-inline-start: 20px; }
.text li + li { margin-top: 2px; }
.text li.depth-1 { margin-inline-start: 16px; } .text li.depth-2, .text li.depth-3 { margin-inline-start: 32px; }
.text ol.digits-persian { list-style-type: persian; }
.text ol.digits-arabic { list-style-type: arabic-indic; }
.text a { color: inherit; text-decoration: underline; text-underline-offset: 2px; }
.text strong { font-weight: 650; }

.meta { margin-top: 4px; padding-inline: 4px; font-size: 11.5px; color: var(--muted); }
.row.bot .meta, .row.agent .meta { margin-inline-start: 34px; }
.row:not(.last-of-run) .meta, .row.system .meta { display: none; }
.row.sending .meta, .meta.failed { display: block; }
.meta.failed { color: #b42318; }
.link { border: 0; padding: 0; background: none; color: inherit; text-decoration: underline; cursor: pointer; font-weight: 600; }

.choices { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; margin-inline-start: 34px; }
.choices[hidden] { display: none; }
.choice {
  max-width: 100%; padding: 7px 14px; border: 1.5px solid var(--accent); border-radius: 999px;
  background: #fff; color: var(--accent); cursor: pointer; font-size: 14px; font-weight: 550; text-align: start;
  transition: background .12s ease, color .12s ease;
}
.choice:hover { background: var(--accent); color: #fff; }

.typing { display: flex; align-items: center; gap: 8px; padding: 10px 2px 2px; font-size: 12.5px; color: var(--muted); }
.typing[hidden] { display: none; }
.dots { display: inline-flex; gap: 4px; padding: 10px 12px; border-radius: 14px; background: #fff; border: 1px solid var(--line); }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: #9ba2b3; animation: hamdel-dot 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .15s; }
.dots i:nth-child(3) { animation-delay: .3s; }
@keyframes hamdel-dot { 0%, 60%, 100% { transform: translateY(0); opacity: .5; } 30% { transform: translateY(-4px); opacity: 1; } }

.wait-line {
  margin: 0 14px 8px; padding: 8px 12px; border-radius: 10px; font-size: 13px; line-height: 1.5;
  background: color-mix(in srgb, var(--accent) 10%, transparent); color: var(--ink);
}
.wait-line[hidden] { display: none; }
.notice {
  margin: 0 14px 10px; padding: 8px 12px; border-radius: 10px; font-size: 13px;
  background: #fef3f2; color: #912018; border: 1px solid #fecdca;
}
.notice[hidden] { display: none; }

.composer-wrap { padding: 10px 12px 6px; background: #fff; border-top: 1px solid var(--line); }
.composer {
  display: flex; align-items: flex-end; gap: 8px; padding: 5px; padding-inline-start: 14px;
  background: var(--canvas); border: 1.5px solid transparent; border-radius: 14px;
  transition: border-color .12s ease, background .12s ease;
}
.composer:focus-within { background: #fff; border-color: var(--accent); }
.composer:has(.input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
.input {
  flex: 1; min-width: 0; min-height: 38px; max-height: 120px; margin: 0; padding: 7px 0; border: 0; outline: 0;
  resize: none; background: transparent; color: var(--ink); font: inherit; line-height: 1.45;
}
.input::placeholder { color: #687080; }
.input:focus-visible { outline: none; }
.send {
  flex: none; width: 38px; height: 38px; border: 0; border-radius: 10px; cursor: pointer;
  display: grid; place-items: center; background: var(--accent); color: #fff; transition: background .12s ease;
}
.send:disabled { background: #c9cdd8; cursor: default; }
.root[dir="rtl"] .send .icon { transform: scaleX(-1); }
.counter { padding: 4px 4px 0; font-size: 12px; color: var(--muted); text-align: end; }
.counter.over { color: #b42318; font-weight: 600; }
.counter[hidden] { display: none; }
.footer { padding: 2px 0 8px; background: #fff; text-align: center; font-size: 11px; color: #6b7280; }

@media (max-width: 480px) {
  /* Full screen: the part the visitor sees (an on-screen keyboard shrinks it; visual-viewport.ts). */
  .panel {
    position: fixed; inset: var(--hamdel-vv-top, 0px) 0 auto 0;
    width: auto; height: var(--hamdel-vv-height, 100%); border-radius: 0;
    padding: 0 env(safe-area-inset-right, 0px) 0 env(safe-area-inset-left, 0px);
  }
  .root.right .panel, .root.left .panel { left: 0; right: 0; }
  .header { padding-top: max(16px, env(safe-area-inset-top, 0px)); }
  .footer { padding-bottom: max(8px, env(safe-area-inset-bottom, 0px)); }
  .root.open .bubble { display: none; }
}
`;
}
