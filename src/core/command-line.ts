import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The one way hamdel's command lines (eval:*, bench:*, scripts) read their options: `--help` (or `-h`)
 * prints `usage` and exits 0; an unknown option, a missing value or a stray word prints what was wrong
 * and `usage` and exits 2, never a stack trace.
 */
export function readCommandLine<T extends Options>(
  options: T,
  usage: string,
  args: readonly string[] = process.argv.slice(2),
): ReturnType<typeof parseArgs<{ options: T; args: string[]; strict: true }>>['values'] {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ options, args: [...args], strict: true }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}
