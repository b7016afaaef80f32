import { createInterface } from 'node:readline';

/** The terminal side the prompt needs; process.stdin and process.stderr fit. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly output: NodeJS.WritableStream;
}

/** The person pressed Ctrl-C or closed the input. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
}

/**
 * Asks for secrets, one per prompt. On a terminal, raw mode: nothing typed is echoed, Backspace works,
 * Ctrl-C cancels. Otherwise (a pipe, a file) the next lines of the input are read, so scripts can pipe
 * the passwords in. The prompts go to `output`; the secrets go nowhere but the returned array.
 */
export async function promptSecrets(prompts: readonly string[], streams: PromptStreams): Promise<string[]> {
  if (streams.input.isTTY === true && streams.input.setRawMode) {
    const answers: string[] = [];
    for (const prompt of prompts) answers.push(await readHidden(prompt, streams));
    return answers;
  }
  return readLines(prompts, streams);
}

async function readLines(prompts: readonly string[], streams: PromptStreams): Promise<string[]> {
  const lines = createInterface({ input: streams.input, crlfDelay: Infinity, terminal: false });
  const answers: string[] = [];
  streams.output.write(prompts[0] ?? '');
  for await (const line of lines) {
    answers.push(line);
    streams.output.write('\n');
    if (answers.length === prompts.length) break;
    streams.output.write(prompts[answers.length] ?? '');
  }
  lines.close();
  if (answers.length < prompts.length)
    throw new PromptCancelled('The input ended before the password was given.');
  return answers;
}

function readHidden(prompt: string, streams: PromptStreams): Promise<string> {
  const { input, output } = streams;
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new PromptCancelled('Cancelled.'));
        if (char === '\u0004') return secret === '' ? finish(new PromptCancelled('Cancelled.')) : finish();
        if (char === '\u007f' || char === '\b') secret = [...secret].slice(0, -1).join('');
        else if (char >= ' ') secret += char;
      }
    };
    output.write(prompt);
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}
