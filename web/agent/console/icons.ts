/** The console's icons (24-unit grid paths, drawn with the widget's `icon`). */
export { icon } from '../../widget/dom.ts';

export const CONSOLE_ICONS = {
  send: ['M4.5 12h12', 'M12.5 6l6 6-6 6'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  inbox: ['M4 13l2.5-8h11l2.5 8', 'M4 13v5.5h16V13', 'M4 13h4.5l1 2h5l1-2H20'],
  bolt: ['M13 3L5 13.5h6L10 21l8-10.5h-6z'],
  reply: ['M9 7L4 12l5 5', 'M4 12h10a6 6 0 0 1 6 6v1'],
  help: [
    'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
    'M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6',
    'M12 17h.01',
  ],
  undo: ['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  transfer: ['M4 8h13', 'M14 4l4 4-4 4', 'M20 16H7', 'M10 12l-4 4 4 4'],
  check: ['M5 12.5l4.5 4.5L19 7'],
  article: ['M7 3.5h7l4 4v13H7z', 'M14 3.5v4h4', 'M10 12h5', 'M10 15.5h5'],
  person: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4.5 20.5a7.5 7.5 0 0 1 15 0'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M16.2 16.2L20 20'],
} as const;
