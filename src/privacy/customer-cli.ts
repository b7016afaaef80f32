/**
 * One customer's data from the command line (docs/privacy.md):
 *   npm run customer -- export telegram:12345 [web:<visitor id> …] [--out file.json]
 *   npm run customer -- delete telegram:12345 [web:<visitor id> …] --yes
 * Redis from the REDIS_* settings and KEY_PREFIX, as for the server; closed tickets are kept
 * CLOSED_TICKET_RETENTION_DAYS, as for the server.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import { HamdelError, isHamdelError } from '../core/errors.ts';
import { createRedis, describeRedis } from '../core/redis.ts';
import { HandoffQueue } from '../handoff/handoff-queue.ts';
import { ReportErasure } from '../reports/report-erasure.ts';
import { InboxErasure } from '../inbox/inbox-erasure.ts';
import { CustomerData } from './customer-data.ts';
import { parseCustomerKeys, type CustomerKey } from './customer-key.ts';

export interface CustomerCliIo {
  /** Messages and errors. */
  readonly output: NodeJS.WritableStream;
  /** The export, when no --out is given. */
  readonly stdout: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const CUSTOMER_USAGE = `Usage:
  npm run customer -- export <channel>:<id> [<channel>:<id> …] [--out file.json]
  npm run customer -- delete <channel>:<id> [<channel>:<id> …] --yes

A customer is named by channel and id: web:<visitor id>, telegram:<user id>, slack:<user id>,
http:<customer id>. Name every id one person used to export or erase them together.
delete refuses (CUSTOMER_IN_CHAT) while an agent holds one of their chats; it may be run again.
Redis: the REDIS_* settings (REDIS_URL, or REDIS_MODE with its nodes) and KEY_PREFIX, as for the server.`;

type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'export'; readonly customers: CustomerKey[]; readonly out?: string }
  | { readonly kind: 'delete'; readonly customers: CustomerKey[] };

class UsageError extends Error {}

/** Parses `customer-cli.ts <export|delete> <keys…> [options]`; throws UsageError or CUSTOMER_KEY_INVALID. */
export function parseCustomerCliArgs(argv: readonly string[]): Command {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') return { kind: 'help' };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: { out: { type: 'string' }, yes: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (verb !== 'export' && verb !== 'delete') {
    throw new UsageError(`Unknown command "${verb}": use export or delete.`);
  }
  if (positionals.length === 0) throw new UsageError('Name the customer: <channel>:<id>.');
  const customers = positionals.flatMap(parseCustomerKeys);
  if (verb === 'export') return { kind: 'export', customers, ...(values.out ? { out: values.out } : {}) };
  if (values.yes !== true) throw new UsageError('delete erases for good: add --yes to go ahead.');
  return { kind: 'delete', customers };
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runCustomerCli(argv: readonly string[], io: CustomerCliIo): Promise<number> {
  let command: Command;
  try {
    command = parseCustomerCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !isHamdelError(error)) throw error;
    io.output.write(`error: ${error.message}\n\n${CUSTOMER_USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(`${CUSTOMER_USAGE}\n`);
    return 0;
  }
  const config = loadConfig(io.env);
  const redis = createRedis(config, 'customer-cli');
  const bull = createRedis(config, 'customer-cli-bullmq', { forBullMQ: true });
  redis.on('error', () => undefined);
  bull.on('error', () => undefined);
  const queue = new HandoffQueue({
    redis,
    bullConnection: bull,
    prefix: config.KEY_PREFIX,
    clock: systemClock,
    closedRetentionMs: config.CLOSED_TICKET_RETENTION_DAYS * 86_400_000,
  });
  try {
    await Promise.all([redis.connect(), bull.connect()]).catch((cause: unknown) => {
      throw new HamdelError(
        'REDIS_UNAVAILABLE',
        `Redis does not answer: ${describeRedis(config)}`,
        {},
        { cause },
      );
    });
    const reports = new ReportErasure({
      redis,
      prefix: config.KEY_PREFIX,
      timeZone: config.BUSINESS_TIME_ZONE,
    });
    const inbox = new InboxErasure({ redis, prefix: config.KEY_PREFIX });
    const data = new CustomerData({
      redis,
      prefix: config.KEY_PREFIX,
      queue,
      clock: systemClock,
      reports,
      inbox,
    });
    if (command.kind === 'export') {
      const exported = `${JSON.stringify(await data.export(command.customers), null, 2)}\n`;
      if (command.out) {
        await writeFile(command.out, exported, { mode: 0o600 });
        io.output.write(`Exported to ${command.out}.\n`);
      } else {
        io.stdout.write(exported);
      }
      return 0;
    }
    const erased = await data.erase(command.customers);
    io.output.write(
      `Erased: ${erased.customers} customer record(s), ${erased.conversations.length} conversation(s), ` +
        `${erased.closedTickets} closed ticket(s); ${erased.cancelledTickets} ticket(s) left the line.\n`,
    );
    return 0;
  } catch (error) {
    if (isHamdelError(error)) {
      io.output.write(`error [${error.code}]: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await queue.close();
    redis.disconnect();
    bull.disconnect();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCustomerCli(process.argv.slice(2), { output: process.stderr, stdout: process.stdout, env: process.env })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
