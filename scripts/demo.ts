// npm run demo: vendorfork end to end on a small moby-like project, with the
// real vndr, then on module projects with the real go, a local GitHub and
// local repositories: nothing leaves this machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goProject } from '../test/helpers/go-project.js';
import { hazardWorld } from '../test/helpers/hazard.js';
import { moduleWorld } from '../test/helpers/module-world.js';
import { projectRoot } from '../test/helpers/corpus.js';

const bin = path.join(projectRoot, 'bin/vendorfork.cjs');
const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-demo-'));
const project = await goProject(root);
const colour = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
let where = { dir: project.dir, env: { ...project.env, ...colour } };

// Asynchronous on purpose: the local GitHub answers from this process's event loop.
async function step(title: string, command: string, args: string[]): Promise<void> {
  const shown = command === process.execPath ? ['vendorfork', ...args.slice(1)] : [command, ...args];
  process.stdout.write(`\n# ${title}\n$ ${shown.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const status = await new Promise<number | null>((resolve) => {
    spawn(command, args, { cwd: where.dir, env: where.env, stdio: 'inherit' }).on('close', resolve);
  });
  if (status !== 0) process.stdout.write(`(exit ${status})\n`);
}
const vendorfork = (title: string, ...args: string[]) => step(title, process.execPath, [bin, ...args]);

try {
  process.stdout.write(
    `A moby-like project at ${project.dir}\n(GOPATH=${project.gopath}; GitHub is a local fake at ${project.github.baseUrl})\n`,
  );
  await step('the vendor.conf we start from', 'cat', ['vendor.conf']);
  await vendorfork('it is valid', 'check');
  await vendorfork(
    'vendor swarmkit from a fork, at a short SHA: resolved on GitHub, vndr run for swarmkit only',
    'set',
    'swarmkit',
    `cirocosta/swarmkit@${project.sha.F2.slice(0, 7)}`,
    '--comment',
    'https://github.com/moby/swarmkit/pull/2000',
  );
  await vendorfork('what changed, entry by entry, with the one line of vendor.conf', 'diff', '--patch');
  await step('and under vendor/, only swarmkit', 'git', ['status', '--short']);
  await vendorfork('still valid', 'check');
  await vendorfork('and vendor/ holds exactly the pinned commits (no hand edits)', 'verify');
  // The fork's owner pushes one more commit onto the branch the pin came from.
  const forkWork = path.join(root, 'work', 'demo-fork');
  project.git.git(
    root,
    'clone',
    '-q',
    '--branch',
    'fix',
    path.join(project.reposDir, 'cirocosta/swarmkit.git'),
    forkWork,
  );
  project.git.commit(forkWork, { 'api/fix3.go': 'package api\n\nfunc Fix3() {}\n' }, 'api: a third fix');
  project.git.git(forkWork, 'push', '-q', 'origin', 'fix');
  await vendorfork(
    "the fork's branch moved on: follow it (the one branch that holds the pin), judged as set judges a move",
    'update',
    'swarmkit',
  );
  await vendorfork('once more: nothing moved', 'update', 'swarmkit');
  await vendorfork(
    'how far the fork has drifted, and when it can go (the pull request in its comment is followed too)',
    'status',
  );
  await vendorfork('back to upstream, where the fork left it, and drop the note', 'reset', 'swarmkit', '--no-comment');
  await step('nothing left over', 'git', ['status', '--short']);

  // The hazard moby met in 2018, small: upstream lib merged a bump of its rpc dependency to v2; a fork
  // branched one merge earlier and still calls rpc v1's API. The project pins lib after the bump, and rpc v2.
  const hazard = await hazardWorld(path.join(root, 'hazard'));
  try {
    where = { dir: hazard.dir, env: { ...hazard.env, ...colour } };
    const fork = `me/lib@${hazard.sha.F.slice(0, 7)}`;
    process.stdout.write(`\n\nA second project at ${hazard.dir}: a fork that branched before upstream's rpc v2 bump\n`);
    await step('it pins lib after the bump, and rpc v2', 'cat', ['vendor.conf']);
    await vendorfork('the move to that fork, under --strict: refused, and why', 'set', 'lib', fork, '--strict');
    await vendorfork(
      'accepting the drop, but proving it compiles: it does not, and everything is put back',
      'set',
      'lib',
      fork,
      '--allow-drop',
      '--build',
    );
    await step('nothing changed', 'git', ['status', '--short']);
    await vendorfork('the same feature, rebased onto the bump: it compiles', 'set', 'lib', 'me/lib@rebased', '--build');
    await step('stage it', 'git', ['add', '-A']);
    await vendorfork(
      "the pre-commit guard: vendor/ matches the new pin's tree (kept by set), file by file",
      'check',
      '--staged',
    );
  } finally {
    await hazard.github.close();
  }

  // The same commands on Go modules: moby's vendor.mod layout (2022-2025: vendor.mod and vendor.sum, no
  // go.mod), and a go.mod project, vendored by the real go from local repositories.
  const modules = await moduleWorld(path.join(root, 'modules'));
  try {
    where = { dir: modules.mobyDir, env: { ...modules.env, ...colour } };
    process.stdout.write(`\n\nA third project at ${modules.mobyDir}, laid out as moby was in 2022-2025\n`);
    await step('vendor.mod, vendor.sum and vendor/, no go.mod', 'ls', []);
    await vendorfork(
      'vendor lib from a fork: a replace at the version go computes, the sums added, go mod vendor run',
      'set',
      'lib',
      'me/lib@feature',
    );
    await step('vendor.mod gained one replace line, vendor.sum two lines; no go.mod is left', 'git', [
      'status',
      '--short',
    ]);
    await vendorfork('the change, module by module', 'diff');
    await vendorfork('back to the version vendor.mod requires', 'reset', 'lib');
    await step('nothing left over', 'git', ['status', '--short']);
    where = { dir: modules.dir, env: { ...modules.env, ...colour } };
    process.stdout.write(`\n\nAnd a go.mod project at ${modules.dir}\n`);
    await vendorfork('a /v2 module from a fork: the fork path keeps /v2', 'set', 'lib2', 'me/lib2@fix-untagged');
    await step('go.mod', 'git', ['diff', 'go.mod']);
    await step('the build runs the fork, from vendor/ alone', 'go', ['run', '-mod=vendor', '.']);
    await step('stage it', 'git', ['add', '-A']);
    await vendorfork(
      "the pre-commit guard: go.mod and vendor/modules.txt agree, the moved module's files are the fork's",
      'check',
      '--staged',
    );
    await vendorfork("every vendored module's files against its version in go's module cache", 'verify');
    await vendorfork("lib from the fork's master, which is upstream's v1.1.0 commit", 'set', 'lib', 'me/lib@master');
    await vendorfork('status: upstream released what the fork carries, so the fork can go, and how', 'status');
  } finally {
    await modules.github.close();
  }
} finally {
  await project.github.close();
  rmSync(root, { recursive: true, force: true });
}
