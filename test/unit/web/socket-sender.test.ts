import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SocketSender } from '../../../src/adapters/web/socket-sender.ts';

/** A server socket and a connected client. */
async function connect(): Promise<{
  server: WebSocketServer;
  socket: WebSocket;
  tcp: Socket;
  client: WebSocket;
}> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const accepted = new Promise<[WebSocket, Socket]>((resolve) =>
    server.once('connection', (socket, request) => resolve([socket, request.socket])),
  );
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => client.once('open', resolve));
  const [socket, tcp] = await accepted;
  return { server, socket, tcp, client };
}

describe('sending to a client that does not read', () => {
  it.each([
    ['frame by frame', false],
    ['holding the frames of a tick', true],
  ])(
    'closes it with 4008 once the send buffer passes the limit, holding at most one frame more (%s)',
    async (_, hold) => {
      const { server, socket, tcp, client } = await connect();
      (client as unknown as { _socket: Socket })._socket.pause(); // reads nothing from now on
      const serverClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

      const limit = 64 * 1024;
      let peak = 0;
      let slow = 0;
      const sender = new SocketSender(socket, {
        maxBufferedBytes: limit,
        graceMs: 20_000, // long enough for the client below to read the backlog and see the close frame
        onBuffered: (bytes) => (peak = Math.max(peak, bytes)),
        onSlowReader: () => (slow += 1),
        ...(hold ? { stream: tcp } : {}),
      });
      const frame = { type: 'entry', text: 'ارسال سفارش‌ها یک تا دو روز کاری طول می‌کشد. '.repeat(40) };
      const frameBytes = Buffer.byteLength(JSON.stringify(frame)) + 4;
      let sent = 0;
      // The kernel takes some megabytes before anything waits in the process; send until refused.
      while (sender.send(frame)) {
        sent += 1;
        if (sent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
        expect(sent).toBeLessThan(200_000);
      }
      expect(slow).toBe(1);
      expect(peak).toBeGreaterThan(limit);
      expect(peak).toBeLessThanOrEqual(limit + frameBytes);
      expect(sender.open).toBe(false);
      expect(sender.send(frame)).toBe(false);
      // A client that reads again gets what was sent, then the close frame with the reason.
      const clientClosed = new Promise<[number, string]>((resolve) =>
        client.once('close', (code, reason) => resolve([code, reason.toString()])),
      );
      (client as unknown as { _socket: Socket })._socket.resume();
      expect(await clientClosed).toEqual([4008, 'send buffer full: the client does not read']);
      await serverClosed;
      expect(socket.readyState).toBe(WebSocket.CLOSED);
      await vi.waitFor(() => expect(socket.bufferedAmount).toBe(0));
      client.terminate();
      server.close();
    },
  );
});

describe('the frames of one tick', () => {
  it('leave together, complete and in order, once the tick is over', async () => {
    const { server, socket, tcp, client } = await connect();
    const received: unknown[] = [];
    client.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
    const sender = new SocketSender(socket, { maxBufferedBytes: 1024 * 1024, stream: tcp });
    const frames = [1, 2, 3].map((n) => ({ type: 'entry', n, text: 'پاسخ '.repeat(n * 50) }));
    for (const frame of frames) expect(sender.send(frame)).toBe(true);
    expect(tcp.writableCorked).toBe(1); // held: nothing has gone to the kernel yet
    await new Promise((resolve) => process.nextTick(resolve));
    expect(tcp.writableCorked).toBe(0);
    await vi.waitFor(() => expect(received).toEqual(frames));
    // The next tick's frames are held again, and sent again.
    sender.send({ type: 'entry', n: 4 });
    expect(tcp.writableCorked).toBe(1);
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(tcp.writableCorked).toBe(0);
    client.terminate();
    server.close();
  });
});
