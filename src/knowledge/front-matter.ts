/**
 * Where an article file's front matter is: a first line `---`, the YAML (group 1), a line `---`; what
 * follows is the Markdown body. Its own module, without the parser's schema, so that the editor's page can
 * split a file the way the knowledge base does without bundling the schema library.
 */
export const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
