import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REDIS_URL } from './redis.ts';

const CLI = fileURLToPath(new URL('../../src/agents/agent-cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the agent CLI as `npm run agent:…` would (tsx) on the test Redis under `prefix`, `input` on stdin. */
export function runAgentCli(args: readonly string[], input: string, prefix: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL, KEY_PREFIX: prefix },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
