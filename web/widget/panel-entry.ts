/**
 * The chat panel's script (widget-panel.<hash>.js), loaded by the launcher (launcher.ts) when it is needed.
 * It defines nothing in the page: it hands the launcher its factory in one event on its own <script>
 * element (panel-hook.ts).
 */
import { Chat } from './chat.ts';
import { PANEL_EVENT, type PanelFactory } from './panel-hook.ts';

const factory: PanelFactory = (frame) => new Chat(frame);
document.currentScript?.dispatchEvent(new CustomEvent(PANEL_EVENT, { detail: factory }));
