/**
 * The agent account CLI:
 *   npm run agent:add -- --id sara --name "Sara" --languages fa,en [--role admin] [--capacity 3] …
 *   npm run agent:list [-- --json]
 *   npm run agent:passwd -- --id sara
 *   npm run agent:role -- --id sara --role agent|supervisor|admin
 *   npm run agent:remove -- --id sara
 *   npm run agent:deactivate -- --id sara
 *   npm run agent:activate -- --id sara
 * Passwords are asked twice without echo (or read from stdin's first two lines when it is not a
 * terminal) and are never printed. Redis from the REDIS_* settings and KEY_PREFIX, as for the server.
 * Every change is written to the admin audit log (as the admin API's are), made by `cli:<os user>`.
 */
import { pathToFileURL } from 'node:url';
import { isDemotion } from './agent-role.ts';
import { cliAudit } from '../core/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import { HamdelError, isHamdelError } from '../core/errors.ts';
import { createRedis, describeRedis } from '../core/redis.ts';
import { redisEventPublisher } from '../conversations/redis-conversation-events.ts';
import { isActive, type Agent } from './agent.ts';
import { AgentDeactivation } from './agent-deactivation.ts';
import { AgentRevocation } from './agent-revocation.ts';
import { CliUsageError, parseCliArgs, USAGE, type CliCommand } from './cli-args.ts';
import { promptSecrets, PromptCancelled, type PromptStreams } from './password-prompt.ts';
import { RedisPresence } from './presence.ts';
import { RedisAgentStore } from './redis-agent-store.ts';
import { RedisSessions } from './sessions.ts';

export interface CliIo extends PromptStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Runs one CLI command; returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runAgentCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.output.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig(io.env);
  const redis = createRedis(config, 'agent-cli');
  redis.on('error', () => undefined);
  try {
    await redis.connect().catch((cause: unknown) => {
      throw new HamdelError(
        'REDIS_UNAVAILABLE',
        `Redis does not answer: ${describeRedis(config)}`,
        {},
        { cause },
      );
    });
    const store = new RedisAgentStore({ redis, prefix: config.KEY_PREFIX, clock: systemClock });
    const sessions = new RedisSessions({ redis, prefix: config.KEY_PREFIX, clock: systemClock });
    // Sessions end here; running servers hear it and close the agent's open consoles.
    const presence = new RedisPresence({ redis, prefix: config.KEY_PREFIX, clock: systemClock });
    const revocation = new AgentRevocation({
      sessions,
      presence,
      events: redisEventPublisher(redis, config.KEY_PREFIX),
    });
    const { audit, by } = cliAudit(redis, config, io.env);
    const deactivation = new AgentDeactivation({ store, revocation, audit });
    switch (command.kind) {
      case 'add': {
        if (await store.get(command.agent.id)) {
          throw new HamdelError('AGENT_EXISTS', `An agent with id "${command.agent.id}" already exists`);
        }
        const password = await askNewPassword(io);
        const agent = await store.create({ ...command.agent, password });
        const { id: _id, name: _name, ...fields } = agent;
        await audit.record(by, 'agent-created', agent.id, fields);
        io.stdout.write(`Created ${describe(agent)}.\n`);
        return 0;
      }
      case 'list': {
        const agents = await store.list();
        io.stdout.write(command.json ? `${JSON.stringify(agents, null, 2)}\n` : formatTable(agents));
        return 0;
      }
      case 'passwd': {
        if (!(await store.get(command.id))) {
          throw new HamdelError('AGENT_NOT_FOUND', `No agent has the id "${command.id}"`);
        }
        await store.setPassword(command.id, await askNewPassword(io));
        await audit.record(by, 'agent-password-reset', command.id);
        const ended = await revocation.revoke(command.id, 'password-changed');
        io.stdout.write(
          `Password changed for ${command.id}; ${ended} signed-in session(s) ended, open consoles closed.\n`,
        );
        return 0;
      }
      case 'role': {
        const before = await store.get(command.id);
        if (!before) throw new HamdelError('AGENT_NOT_FOUND', `No agent has the id "${command.id}"`);
        const agent = await store.update(command.id, { role: command.role });
        if (before.role !== agent.role) {
          await audit.record(by, 'agent-changed', agent.id, { role: [before.role, agent.role] });
        }
        const demoted = isDemotion(before.role, agent.role);
        const ended = demoted ? await revocation.revoke(agent.id, 'role-changed') : 0;
        const after = demoted ? `; ${ended} signed-in session(s) ended, open consoles closed` : '';
        io.stdout.write(`${agent.id} is now ${agent.role}${after}.\n`);
        return 0;
      }
      case 'remove': {
        if (!(await store.remove(command.id))) {
          throw new HamdelError('AGENT_NOT_FOUND', `No agent has the id "${command.id}"`);
        }
        await audit.record(by, 'agent-removed', command.id);
        const ended = await revocation.revoke(command.id, 'removed');
        await presence.forget(command.id);
        io.stdout.write(
          `Removed ${command.id}; ${ended} signed-in session(s) ended, open consoles closed, ` +
            'chats in hand go back to the line.\n',
        );
        return 0;
      }
      case 'deactivate': {
        const { agent, changed, sessionsEnded } = await deactivation.deactivate(command.id, by);
        io.stdout.write(
          changed
            ? `Deactivated ${agent.id}; ${sessionsEnded} signed-in session(s) ended, open consoles closed, ` +
                'chats in hand go back to the line. Their record and history stay.\n'
            : `${agent.id} was deactivated already.\n`,
        );
        return 0;
      }
      case 'activate': {
        const { agent, changed } = await deactivation.reactivate(command.id, by);
        io.stdout.write(
          changed
            ? `Activated ${agent.id}: they can sign in again with their password.\n`
            : `${agent.id} is active already.\n`,
        );
        return 0;
      }
    }
  } catch (error) {
    if (isHamdelError(error) || error instanceof PromptCancelled) {
      io.output.write(`error${isHamdelError(error) ? ` [${error.code}]` : ''}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    redis.disconnect();
  }
}

async function askNewPassword(io: PromptStreams): Promise<string> {
  const [password = '', again] = await promptSecrets(
    ['Password (at least 10 characters): ', 'Repeat it: '],
    io,
  );
  if (password !== again)
    throw new HamdelError('PASSWORD_INVALID', 'The two passwords differ; nothing changed.');
  return password;
}

function describe(agent: Agent): string {
  const skills = agent.skills.length > 0 ? `, skills ${agent.skills.join(',')}` : '';
  return (
    `${agent.role} ${agent.id} ("${agent.name}"): languages ${agent.languages.join(',')}, ` +
    `capacity ${agent.capacity}, team ${agent.team}${skills}`
  );
}

/** A plain text table, one agent per line. */
export function formatTable(agents: readonly Agent[]): string {
  if (agents.length === 0) return 'No agents yet: add one with npm run agent:add.\n';
  const header = ['id', 'name', 'role', 'languages', 'capacity', 'team', 'account', 'skills'];
  const rows = agents.map((a) => [
    a.id,
    a.name,
    a.role,
    a.languages.join(','),
    String(a.capacity),
    a.team,
    isActive(a) ? 'active' : 'deactivated',
    a.skills.join(','),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

async function main(): Promise<void> {
  const io: CliIo = {
    input: process.stdin,
    output: process.stderr,
    stdout: process.stdout,
    env: process.env,
  };
  process.exitCode = await runAgentCli(process.argv.slice(2), io);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
