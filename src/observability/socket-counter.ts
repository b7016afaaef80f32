import type { IncomingMessage } from 'node:http';

/** The WebSocket server's side we need: it announces each new connection with its HTTP request. */
export interface SocketServer {
  on(
    event: 'connection',
    listener: (
      socket: { once(event: 'close', listener: () => void): unknown },
      request: IncomingMessage,
    ) => void,
  ): unknown;
}

/** Which kind of socket a connection is, from its request path (undefined: not counted). */
export type SocketKind = (path: string) => string | undefined;

/** hamdel's own sockets: the widget's at /ws, the agent console's at /agent/ws. */
export const hamdelSocketKind: SocketKind = (path) =>
  path === '/ws' ? 'widget' : path === '/agent/ws' ? 'console' : undefined;

/**
 * Counts the open WebSocket connections of a server by kind. A socket is counted from its upgrade until it
 * closes, whatever the route then does with it (a refused origin or a missing sign-in closes it at once).
 */
export class SocketCounter {
  private readonly open = new Map<string, number>();

  constructor(kinds: readonly string[] = ['widget', 'console']) {
    for (const kind of kinds) this.open.set(kind, 0);
  }

  watch(server: SocketServer, kindOf: SocketKind = hamdelSocketKind): void {
    server.on('connection', (socket, request) => {
      const kind = kindOf(pathOf(request.url));
      if (kind === undefined) return;
      this.open.set(kind, (this.open.get(kind) ?? 0) + 1);
      socket.once('close', () => this.open.set(kind, Math.max(0, (this.open.get(kind) ?? 1) - 1)));
    });
  }

  /** Open sockets by kind (every kind given to the constructor is present, with 0 when none is open). */
  counts(): ReadonlyMap<string, number> {
    return this.open;
  }
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
