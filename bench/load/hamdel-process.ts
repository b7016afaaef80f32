import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exited, stopChild, waitUntil } from './child-process.ts';
import { freePort } from '../../test/helpers/free-port.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The TypeScript sources through tsx, or with BENCH_SERVER=dist the built server (`npm run build` first: a
 * stale dist/ would be measured otherwise). BENCH_SERVER_NODE_ARGS: Node options for the servers only.
 */
export function serverCommand(): { readonly args: string[]; readonly label: string } {
  // Node's own options for the servers only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const script =
    process.env.BENCH_SERVER === 'dist' ? ['dist/server/main.js'] : ['--import', 'tsx', 'src/server/main.ts'];
  if (process.env.BENCH_SERVER === 'dist' && !existsSync(`${REPO_ROOT}dist/server/main.js`))
    throw new Error('BENCH_SERVER=dist: run `npm run build` first');
  const args = [...nodeArgs, ...script];
  return { args, label: `node ${args.join(' ')}` };
}

export interface HamdelProcessOptions {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly httpToken: string;
  /** Where the process's output goes (appended; it survives a restart). */
  readonly logFile: string;
  /** More settings, over the bench's own (e.g. CONTENT_DIR and CONTENT_WATCH). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * One hamdel server as a child process on a free port of its own, talked to only through HTTP and the
 * WebSocket like any deployment. It can be killed with SIGKILL and started again on the same port.
 */
export class HamdelProcess {
  private child: ChildProcess | undefined;
  private readonly log: WriteStream;

  private constructor(
    readonly port: number,
    private readonly options: HamdelProcessOptions,
  ) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  static async start(options: HamdelProcessOptions): Promise<HamdelProcess> {
    const server = new HamdelProcess(await freePort(), options);
    await server.launch();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** `kill -9`: no shutdown, no finishing of turns. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  }

  /** Starts it again on the same port; resolves once it answers /healthz. */
  async restart(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGTERM', 12_000);
    this.child = undefined;
    await new Promise((resolve) => this.log.end(resolve));
  }

  private async launch(): Promise<void> {
    const { redisUrl, keyPrefix, httpToken } = this.options;
    const child = spawn(process.execPath, serverCommand().args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        REDIS_URL: redisUrl,
        REDIS_AUTOSTART: 'false',
        CONTENT_WATCH: 'false',
        KEY_PREFIX: keyPrefix,
        // Production's default level, so that what a turn logs is counted (BENCH_LOG_LEVEL to change it).
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        HTTP_CHANNEL_TOKEN: httpToken,
        // One bench connection carries many customers' worth of messages.
        RATE_LIMIT_PER_MINUTE: '1000000',
        // Every simulated customer connects from 127.0.0.1: no per-address caps.
        WIDGET_CONNECTIONS_PER_IP: '0',
        WEBSOCKET_UPGRADES_PER_MINUTE: '0',
        HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: '0',
        CUSTOMER_MESSAGES_PER_MINUTE: '0',
        CUSTOMER_HELLOS_PER_MINUTE: '0',
        // The bench's clients send no Origin; production refuses "*".
        ALLOWED_ORIGINS: 'http://127.0.0.1',
        NODE_ENV: 'production',
        ...this.options.env,
      },
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    await waitUntil(
      async () => (await fetch(`${this.url}/healthz`)).status === 200,
      `hamdel on port ${this.port} to answer /healthz`,
      () => (this.alive ? undefined : `hamdel on port ${this.port} exited (see ${this.options.logFile})`),
    );
  }
}
