/**
 * The load generator, a process of its own (forked by the coordinator, commands over Node IPC), so that
 * sending and timing turns does not share an event loop with the measuring and the servers.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { GeneratorCommand, GeneratorReply, RunSamples } from './generator-protocol.ts';
import { HttpSender } from './http-sender.ts';
import { runClosed, runOpen, type SendTurn } from './load-loops.ts';
import { loadQuestions } from './questions.ts';
import { WidgetSender } from './widget-sender.ts';

const pools = loadQuestions();
let sender: { send: SendTurn; close(): void } | undefined;

function reply(message: GeneratorReply): void {
  process.send?.(message);
}

async function handle(command: GeneratorCommand): Promise<void> {
  switch (command.type) {
    case 'prepare': {
      sender?.close();
      const started = performance.now();
      const runTag = `load${randomBytes(4).toString('hex')}`;
      const options = { servers: command.servers, conversations: command.conversations, pools, runTag };
      const opened =
        command.channel === 'http'
          ? new HttpSender({ ...options, token: command.token })
          : await WidgetSender.open(options);
      sender = { send: (index) => opened.send(index), close: () => opened.close() };
      return reply({ type: 'prepared', setupMs: performance.now() - started });
    }
    case 'run': {
      if (!sender) throw new Error('run before prepare');
      const samples: RunSamples =
        command.load.kind === 'open'
          ? await runOpen(sender.send, command.load, command.seed)
          : await runClosed(sender.send, command.load);
      return reply({ type: 'result', samples });
    }
    case 'close':
      sender?.close();
      process.disconnect();
      return;
  }
}

process.on('message', (command: GeneratorCommand) => {
  handle(command).catch((error: unknown) =>
    reply({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
});
