import { parseArgs } from 'node:util';
import type { AgentRole } from './agent.ts';
import type { NewAgent } from './agent-store.ts';
import { agentIdSchema, describeIssues, newAgentSchema, roleSchema } from './agent-validation.ts';

/** What the agent CLI was asked to do. */
export type CliCommand =
  | { readonly kind: 'add'; readonly agent: Required<Omit<NewAgent, 'password'>> }
  | { readonly kind: 'list'; readonly json: boolean }
  | { readonly kind: 'passwd'; readonly id: string }
  | { readonly kind: 'role'; readonly id: string; readonly role: AgentRole }
  | { readonly kind: 'remove'; readonly id: string }
  | { readonly kind: 'deactivate'; readonly id: string }
  | { readonly kind: 'activate'; readonly id: string }
  | { readonly kind: 'help' };

/** Bad arguments; the message says what to fix. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const USAGE = `Usage:
  npm run agent:add -- --id <id> --name <display name> --languages fa,en [--role agent|supervisor|admin|editor]
                       [--capacity 1-20 (default 3)] [--skills billing,refunds] [--team default]
  npm run agent:list [-- --json]
  npm run agent:passwd -- --id <id>
  npm run agent:role -- --id <id> --role agent|supervisor|admin|editor
  npm run agent:remove -- --id <id>
  npm run agent:deactivate -- --id <id>
  npm run agent:activate -- --id <id>

A new password, the admin role taken away, a removed or a deactivated account ends the agent's sessions,
and running servers close their open consoles at once. A deactivated account keeps its record and history
but cannot sign in until it is activated again (with its old password); the last active admin cannot be
deactivated. Every change is written to the admin audit log as made by cli:<your user name>.

The password is asked twice without echo; when stdin is not a terminal, its first two lines are read:
  printf 'the password\\nthe password\\n' | npm run agent:add -- --id sara --name Sara --languages fa,en
Redis: the REDIS_* settings (REDIS_URL, or REDIS_MODE with its nodes) and KEY_PREFIX, as for the server.`;

/** Parses `agent-cli.ts <add|list|passwd|role|remove|deactivate|activate> [options]`; throws CliUsageError. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') return { kind: 'help' };
  const values = parseOptions(rest);
  if (values.help) return { kind: 'help' };
  switch (verb) {
    case 'add':
      return { kind: 'add', agent: parseNewAgent(values) };
    case 'list':
      return { kind: 'list', json: values.json === true };
    case 'passwd':
      return { kind: 'passwd', id: parseId(values) };
    case 'role': {
      const role = roleSchema.safeParse(values.role ?? '');
      if (!role.success) throw new CliUsageError('--role: agent, supervisor, admin or editor.');
      return { kind: 'role', id: parseId(values), role: role.data };
    }
    case 'remove':
    case 'deactivate':
    case 'activate':
      return { kind: verb, id: parseId(values) };
    default:
      throw new CliUsageError(
        `Unknown command "${verb}": use add, list, passwd, role, remove, deactivate or activate.`,
      );
  }
}

type Options = ReturnType<typeof parseOptions>;

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        id: { type: 'string' },
        name: { type: 'string' },
        languages: { type: 'string' },
        role: { type: 'string' },
        capacity: { type: 'string' },
        skills: { type: 'string' },
        team: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseId(values: Options): string {
  const id = agentIdSchema.safeParse(values.id ?? '');
  if (!id.success) throw new CliUsageError(`--id: ${describeIssues(id.error)}`);
  return id.data;
}

function parseNewAgent(values: Options): Required<Omit<NewAgent, 'password'>> {
  const missing = (['id', 'name', 'languages'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new CliUsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}.`);
  const capacity = values.capacity === undefined ? undefined : Number(values.capacity);
  const parsed = newAgentSchema.safeParse({
    id: values.id,
    name: values.name,
    languages: splitList(values.languages),
    ...(values.role === undefined ? {} : { role: values.role }),
    ...(capacity === undefined ? {} : { capacity }),
    ...(values.skills === undefined ? {} : { skills: splitList(values.skills) }),
    ...(values.team === undefined ? {} : { team: values.team }),
  });
  if (!parsed.success) throw new CliUsageError(describeIssues(parsed.error));
  return parsed.data;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
