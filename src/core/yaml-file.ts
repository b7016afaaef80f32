import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { HamdelError, type ErrorCode } from './errors.ts';

/**
 * Reads and parses a YAML content file. A missing file is `undefined` when `optional`, otherwise an error
 * with `code`; a file that is not valid YAML is always an error with `code` naming the file and the reason.
 */
export async function readYamlFile(
  file: string,
  code: ErrorCode,
  options: { optional?: boolean } = {},
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (options.optional) return undefined;
    throw new HamdelError(code, `${file} is missing or unreadable`, { file }, { cause: error });
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new HamdelError(code, `${file}: not valid YAML: ${reason}`, { file });
  }
}
