/**
 * `npx tsx bench/load/cpu-profile.ts <file.cpuprofile> [--turns=<n>] [--top=<n>]`: where a server's CPU went,
 * from a profile written by `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=<dir>" npm run bench:load`.
 * Prints the self time summed by area (a src/ folder, a package, Node's internals), by file and by function,
 * and with --turns the same per turn. Idle time and the garbage collector are shown as V8 names them.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** A file's place, shorter: the repository's own paths from src/, packages as their name. */
function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return `npm:${path.slice(modules + '/node_modules/'.length)}`;
  const own = /\/((?:src|bench|web)\/.*)$/.exec(path);
  return own?.[1] ?? path;
}

/** The area a file belongs to: a src/ folder, a package, a Node module. */
function areaOf(file: string): string {
  if (file.startsWith('npm:')) {
    const parts = file.slice(4).split('/');
    return `npm:${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '')}`;
  }
  if (file.startsWith('node:')) return `node:${file.slice(5).split('/')[0] ?? ''}`;
  if (/^(src|bench|web)\//.test(file)) return file.split('/').slice(0, 2).join('/');
  return file;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { turns: { type: 'string' }, top: { type: 'string', default: '30' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [--turns=<n>] [--top=<n>]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const turns = Number(values.turns ?? 0);
  const top = Number(values.top);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byArea = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const place = shortUrl(frame.url);
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + us);
    add(byArea, areaOf(place));
    add(byFile, place);
    add(byFunction, `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`);
    total += us;
  }
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      const perTurn = turns > 0 ? `  ${(us / 1000 / turns).toFixed(4)} ms/turn` : '';
      console.log(
        `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%${perTurn}  ${key}`,
      );
    }
  };
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  console.log(`${(total / 1000).toFixed(0)} ms sampled over ${wallMs.toFixed(0)} ms (idle included)`);
  show('by area', byArea);
  show('by file', byFile);
  show('by function', byFunction);
}

main();
