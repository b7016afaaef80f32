import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuMs } from './proc-stats.ts';
import { stopChild } from './child-process.ts';
import type { GeneratorCommand, GeneratorReply } from './generator-protocol.ts';

/** The coordinator's handle on the load-generator process. */
export class GeneratorClient {
  private constructor(private readonly child: ChildProcess) {}

  static start(): GeneratorClient {
    const child = fork(fileURLToPath(new URL('./generator.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new GeneratorClient(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The generator's user+sys CPU so far (from /proc), in ms. */
  cpuMs(): number | undefined {
    return this.child.pid === undefined ? undefined : cpuMs(this.child.pid);
  }

  /** Sends a command and resolves with the generator's answer. */
  ask(command: GeneratorCommand): Promise<GeneratorReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: GeneratorReply) => {
        this.child.off('exit', onExit);
        if (message.type === 'failed') reject(new Error(`load generator: ${message.message}`));
        else resolve(message);
      });
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies GeneratorCommand);
    await stopChild(this.child, 'SIGTERM', 3_000);
  }
}
