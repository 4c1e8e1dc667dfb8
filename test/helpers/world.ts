import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub, type FakeGitHubOptions, type HostedRepository } from '../github/fake-github.js';
import { GitWorld } from './git.js';

/**
 * A small GitHub of real repositories, the cast of most resolver tests:
 *
 * - moby/swarmkit, the upstream (docker/swarmkit redirects to it):
 *   A - B (annotated tag v1.0.0) - C (lightweight tag v1.1.0, master)
 * - cirocosta/swarmkit, a fork of it: master at C, branch fix with F1 - F2,
 *   branch noise with 1,200 commits (so that some short SHAs are ambiguous),
 *   and G, a commit whose branch was deleted: readable through the network,
 *   on no branch or tag.
 * - stranger/swarmkit: same name, unrelated history, not a fork.
 */
/** Real repositories served by a fake GitHub: what copyWorld needs of a world. */
export interface HostedWorld {
  git: GitWorld;
  github: FakeGitHub;
  reposDir: string;
  /** What the fake GitHub was started with, so that a copy of the world can start its own. */
  hosting: Omit<FakeGitHubOptions, 'workDir' | 'env'>;
}

export interface SwarmkitWorld extends HostedWorld {
  git: GitWorld;
  github: FakeGitHub;
  sha: { A: string; B: string; C: string; F1: string; F2: string; G: string; S: string; tagObject: string };
  /** A 4-character prefix shared by two commits of the fork's noise branch. */
  ambiguousPrefix: string;
}

export async function swarmkitWorld(
  root: string,
  options: {
    token?: string;
    limits?: { anonymous: number; authenticated: number };
    /** More repositories for the same local GitHub, built with the same git world. */
    extra?: (git: GitWorld, reposDir: string) => HostedRepository[];
  } = {},
): Promise<SwarmkitWorld> {
  const git = new GitWorld(root);
  const reposDir = path.join(root, 'hosted');
  const up = git.init('moby-swarmkit', { 'README.md': '# swarmkit\n', 'api/api.go': 'package api\n' });
  const A = git.rev(up, 'HEAD');
  const B = git.commit(up, { 'api/types.go': 'package api\n\ntype Node struct{}\n' }, 'api: add Node');
  git.git(up, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
  const tagObject = git.git(up, 'rev-parse', 'v1.0.0');
  const C = git.commit(
    up,
    { 'api/types.go': 'package api\n\ntype Node struct{ ID string }\n' },
    'api: give Node an ID',
  );
  git.git(up, 'tag', 'v1.1.0');
  const upstreamBare = git.bare(up, path.join(reposDir, 'moby/swarmkit.git'));

  const forkWork = path.join(root, 'work', 'cirocosta-swarmkit');
  git.git(root, 'clone', '-q', upstreamBare, forkWork);
  git.git(forkWork, 'checkout', '-q', '-b', 'fix');
  const F1 = git.commit(forkWork, { 'api/fix.go': 'package api\n\nfunc Fix() {}\n' }, 'api: fix the thing');
  const F2 = git.commit(
    forkWork,
    { 'api/fix.go': 'package api\n\nfunc Fix() int { return 1 }\n' },
    'api: fix the thing better',
  );
  git.git(forkWork, 'checkout', '-q', '-b', 'gone', 'master');
  const G = git.commit(forkWork, { 'api/gone.go': 'package api\n' }, 'wip: pushed, then the branch was deleted');
  git.git(forkWork, 'checkout', '-q', 'master');
  const forkBare = path.join(reposDir, 'cirocosta/swarmkit.git');
  git.git(root, 'init', '-q', '--bare', forkBare);
  git.git(forkWork, 'push', '-q', forkBare, 'master', 'fix', 'gone', '--tags');
  git.git(forkBare, 'branch', '-D', 'gone');
  const ambiguousPrefix = addNoise(git, forkBare, C);

  const stranger = git.init('stranger-swarmkit', { 'README.md': '# not swarmkit\n' });
  const S = git.rev(stranger, 'HEAD');
  const strangerBare = git.bare(stranger, path.join(reposDir, 'stranger/swarmkit.git'));

  const repositories: HostedRepository[] = [
    { fullName: 'moby/swarmkit', gitDir: upstreamBare },
    { fullName: 'cirocosta/swarmkit', gitDir: forkBare, parent: 'moby/swarmkit' },
    { fullName: 'stranger/swarmkit', gitDir: strangerBare },
    ...(options.extra?.(git, reposDir) ?? []),
  ];
  const hosting = {
    repositories,
    renames: { 'docker/swarmkit': 'moby/swarmkit' },
    ...(options.token ? { token: options.token } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const github = await FakeGitHub.start({ ...hosting, workDir: path.join(root, 'fake-github'), env: git.env });
  return { git, github, sha: { A, B, C, F1, F2, G, S, tagObject }, ambiguousPrefix, reposDir, hosting };
}

/**
 * A copy of `world` in the empty folder `root`, with a fake GitHub of its own: a test can change it
 * without touching the original. `cp -a` of a fixture takes a fraction of building it again (git init,
 * commits, 1,200 noise commits, vndr). Absolute paths in git's config files (insteadOf rules, the
 * template folder, remotes) and the fake GitHub's network stores name the original: they are rewritten,
 * and the store is made anew by the new fake GitHub.
 */
export async function copyWorld<W extends HostedWorld>(world: W, root: string): Promise<W> {
  const from = world.git.root;
  execFileSync('cp', ['-a', `${from}/.`, root]);
  const move = (file: string) => path.join(root, path.relative(from, file));
  for (const file of gitConfigFiles(root)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(from)) writeFileSync(file, text.split(from).join(root));
  }
  const git = new GitWorld(root, { clock: world.git.now });
  const hosting = {
    ...world.hosting,
    repositories: world.hosting.repositories.map((r) => ({ ...r, gitDir: move(r.gitDir) })),
  };
  const github = await FakeGitHub.start({ ...hosting, workDir: path.join(root, 'fake-github'), env: git.env });
  return { ...world, git, github, reposDir: move(world.reposDir), hosting };
}

/** An environment whose values name `from` (GOPATH, caches, git's config), pointed at `to` instead. */
export function relocateEnv(env: NodeJS.ProcessEnv, from: string, to: string): NodeJS.ProcessEnv {
  const moved: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env))
    moved[name] = value?.includes(from) ? value.split(from).join(to) : value;
  return moved;
}

/** The global gitconfig, every repository's config and alternates: the files where git keeps absolute paths. */
function gitConfigFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Objects and logs hold no path git reads back; skipping them keeps the walk short.
      if (entry.name !== 'objects' || existsAlternates(full)) found.push(...gitConfigFiles(full));
    } else if (entry.name === 'gitconfig' || entry.name === 'config' || entry.name === 'alternates') {
      found.push(full);
    }
  }
  return found;
}

function existsAlternates(objects: string): boolean {
  try {
    return statSync(path.join(objects, 'info', 'alternates')).isFile();
  } catch {
    return false;
  }
}

/** 1,200 commits through one git fast-import, then a 4-hex prefix two of them share. */
function addNoise(git: GitWorld, bare: string, from: string): string {
  let stream = '';
  for (let i = 0; i < 1200; i++) {
    const message = `noise ${i}\n`;
    stream += `commit refs/heads/noise\ncommitter Noise <noise@example.com> ${1_600_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}`;
    stream += i === 0 ? `from ${from}\n\n` : '\n';
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: bare, input: stream, env: git.env });
  const shas = git.git(bare, 'rev-list', 'noise').split('\n');
  const seen = new Map<string, string>();
  for (const sha of shas) {
    const prefix = sha.slice(0, 4);
    if (seen.has(prefix)) return prefix;
    seen.set(prefix, sha);
  }
  throw new Error('no ambiguous 4-character prefix among the noise commits');
}
