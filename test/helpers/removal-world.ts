import path from 'node:path';
import { FakeGitHub, type HostedPull, type HostedRepository } from '../github/fake-github.js';
import { GitWorld } from './git.js';
import { perFileFixture, vendoredGoProject, type GoLayout } from './go-project.js';
import type { HostedWorld } from './world.js';

/**
 * Fork pins at every stage of their life, for status's "can go" and reset --merged: one upstream
 * (moby/NAME) and one fork (me/NAME, branch fix) per case, in a GOPATH project vendored by the real vndr.
 *
 * - merged: the fork's F merged upstream with a merge commit, no release since.
 * - released: F merged, then tags v1.1.0 and v1.2.0 (v1.0.0 is before the merge).
 * - squashed: pull request #7 (head F) squashed into upstream's master as Q: F itself is not upstream.
 * - declined: pull request #9 (head F) closed without a merge.
 * - partly: pull request #8 (head P1) merged with a merge commit; the pin is P2, one commit after it.
 * - open: pull request #5 (head F) still open.
 * - ahead: F, upstream knows nothing of it, and the line names no pull request.
 */
export interface RemovalWorld extends HostedWorld, GoLayout {
  /** Per case: the fork's pinned commit, and what upstream made of it. */
  sha: Record<Case, string> & { squash: string; partlyHead: string; partlyMerge: string };
}

type Case = 'merged' | 'released' | 'squashed' | 'declined' | 'partly' | 'open' | 'ahead';
const CASES: Case[] = ['merged', 'released', 'squashed', 'declined', 'partly', 'open', 'ahead'];
const PULLS: Partial<Record<Case, number>> = { squashed: 7, declined: 9, partly: 8, open: 5 };

export async function removalWorld(root: string): Promise<RemovalWorld> {
  const git = new GitWorld(root);
  const reposDir = path.join(root, 'hosted');
  const repositories: HostedRepository[] = [];
  const sha = {} as RemovalWorld['sha'];
  for (const name of CASES) {
    const up = git.init(`moby-${name}`, { [`${name}.go`]: `package ${name}\n` });
    git.git(up, 'tag', 'v1.0.0');
    const upBare = git.bare(up, path.join(reposDir, `moby/${name}.git`));
    const fork = path.join(root, 'work', `me-${name}`);
    git.git(root, 'clone', '-q', upBare, fork);
    git.git(fork, 'checkout', '-q', '-b', 'fix');
    const fixed = { [`fix.go`]: `package ${name}\n\nfunc Fix() {}\n` };
    const F = git.commit(fork, fixed, `${name}: fix`);
    sha[name] = F;
    const pulls: HostedPull[] = [];
    const number = PULLS[name];
    if (number !== undefined) git.git(fork, 'push', '-q', upBare, `fix:refs/pull/${number}/head`);
    if (name === 'partly') {
      sha.partlyHead = F;
      sha.partly = git.commit(fork, { 'more.go': `package ${name}\n\nfunc More() {}\n` }, `${name}: more`);
    }
    const forkBare = path.join(reposDir, `me/${name}.git`);
    git.git(root, 'init', '-q', '--bare', forkBare);
    git.git(fork, 'push', '-q', forkBare, 'master', 'fix', '--tags');
    const merge = (from: string, ref: string) => {
      git.git(up, 'pull', '-q', '--no-rebase', '--no-ff', '--no-edit', from, ref);
      return git.rev(up, 'HEAD');
    };
    if (name === 'merged' || name === 'released') merge(forkBare, 'fix');
    if (name === 'released') {
      git.git(up, 'tag', 'v1.1.0');
      git.commit(up, { 'later.go': `package ${name}\n` }, 'later');
      git.git(up, 'tag', 'v1.2.0');
    }
    if (name === 'squashed') {
      sha.squash = git.commit(up, fixed, `${name}: fix (#7)`);
      pulls.push({ number: 7, state: 'closed', mergeCommit: sha.squash });
    }
    if (name === 'declined') pulls.push({ number: 9, state: 'closed' });
    if (name === 'open') pulls.push({ number: 5, state: 'open' });
    if (name === 'partly') {
      sha.partlyMerge = merge(upBare, 'refs/pull/8/head');
      pulls.push({ number: 8, state: 'closed', mergeCommit: sha.partlyMerge });
    }
    git.git(up, 'push', '-q', upBare, 'master', '--tags');
    repositories.push(
      { fullName: `moby/${name}`, gitDir: upBare, pulls },
      { fullName: `me/${name}`, gitDir: forkBare, parent: `moby/${name}` },
    );
  }
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
  const hosting = { repositories, limits: { anonymous: 100_000, authenticated: 100_000 } };
  const github = await FakeGitHub.start({ ...hosting, workDir: path.join(root, 'fake-github'), env: git.env });
  const pr = (name: Case) => (PULLS[name] ? ` # https://github.com/moby/${name}/pull/${PULLS[name]}` : '');
  const layout = vendoredGoProject(git, 'github.com/example/daemon', github.baseUrl, {
    'main.go': `package main\n\nimport (\n${CASES.map((name) => `\t_ "github.com/moby/${name}"\n`).join('')})\n\nfunc main() {}\n`,
    'vendor.conf': CASES.map(
      (name) => `github.com/moby/${name} ${sha[name]} https://github.com/me/${name}${pr(name)}\n`,
    ).join(''),
  });
  return { git, github, reposDir, hosting, sha, ...layout };
}

export const freshRemovalWorld = perFileFixture('vendorfork-removal-', removalWorld);
