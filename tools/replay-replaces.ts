// By hand, never by npm test: replays replace-shadows-require and the offline replace-unused over the real
// histories of moby's vendor.mod and go.mod, docker/cli's vendor.mod and containerd's go.mod, from bare
// mirrors (MIRRORS, default /work/.mirror; each OWNER+NAME/repo). Prints each finding, then the counts.
//   npx tsx tools/replay-replaces.ts
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { unusedReplaceDiagnostics } from '../src/formats/gomod/core/diagnostics.js';
import { parseModFile } from '../src/formats/gomod/core/mod-file.js';
import { shadowedBumps } from '../src/formats/gomod/core/replace-shadows.js';

const mirrors = process.env.MIRRORS ?? '/work/.mirror';
const histories = [
  ['moby+moby', 'vendor.mod'],
  ['moby+moby', 'go.mod'],
  ['docker+cli', 'vendor.mod'],
  ['containerd+containerd', 'go.mod'],
] as const;

const show = (gitDir: string, rev: string, file: string) => {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${rev}:${file}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 28,
    });
  } catch {
    return undefined;
  }
};

for (const [name, file] of histories) {
  const gitDir = path.join(mirrors, name, 'repo');
  const commits = execFileSync(
    'git',
    ['--git-dir', gitDir, 'log', '--format=%H %cs', '--first-parent', '--reverse', 'HEAD', '--', file],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  )
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]);
  let previous: string | undefined;
  let [shadowed, unused] = [0, 0];
  for (const [sha, date] of commits) {
    const text = show(gitDir, sha, file) ?? '';
    if (previous !== undefined)
      for (const found of shadowedBumps(parseModFile(previous), parseModFile(text), file)) {
        shadowed++;
        console.log(`${name} ${date} ${sha.slice(0, 10)} replace-shadows-require ${found.message}`);
      }
    previous = text;
  }
  // replace-unused at every commit that vendors: the findings of the last commit of each run of equal ones.
  let last = '';
  for (const [sha, date] of commits) {
    const [mod, txt] = [show(gitDir, sha, file), show(gitDir, sha, 'vendor/modules.txt')];
    if (!mod || !txt) continue;
    const found = unusedReplaceDiagnostics(parseModFile(mod), txt).map((d) => d.message.split(' ')[0]!);
    const key = found.join(' ');
    if (key && key !== last) {
      unused += found.length;
      console.log(`${name} ${date} ${sha.slice(0, 10)} replace-unused ${key}`);
    }
    last = key;
  }
  console.log(
    `${name} ${file}: ${commits.length} commits, ${shadowed} replace-shadows-require, ${unused} replace-unused (new at a commit)`,
  );
}
