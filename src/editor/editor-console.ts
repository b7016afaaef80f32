import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ScriptSource } from '../core/served-script.ts';
import type { RequireAgent } from '../agents/require-agent.ts';
import { registerRolePage } from '../agents/role-page.ts';

export interface EditorConsoleOptions {
  readonly requireAgent: RequireAgent;
  /** The workspace's script served at /editor/editor.js (browser-bundle.ts). */
  readonly script: ScriptSource;
}

/**
 * The editors' workspace: the page at /editor/ for editors and admins (others signed in get a refusal page
 * in the three languages), its script /editor/editor.js and stylesheet /editor/editor.css; everything it
 * does goes through /api/editor/….
 */
export async function registerEditorConsole(app: FastifyInstance, o: EditorConsoleOptions): Promise<void> {
  await registerRolePage(app, {
    name: 'editor',
    role: 'editor',
    folder: fileURLToPath(new URL('../../web/editor/', import.meta.url)),
    ...o,
  });
}
