import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusRow } from '../../src/commands/status.js';
import { FakeGitHub } from '../github/fake-github.js';
import { runCli } from '../helpers/cli.js';
import { treeHash } from '../helpers/go-project.js';
import { freshModuleWorld } from '../helpers/module-world.js';
import { freshRemovalWorld, type RemovalWorld } from '../helpers/removal-world.js';

const rowsOf = (stdout: string) => (JSON.parse(stdout) as { rows: StatusRow[] }).rows;
const removalOf = (rows: StatusRow[], name: string) =>
  rows.find((r) => r.importPath === `github.com/moby/${name}`)!.removal!;

async function status(world: RemovalWorld, env = world.env) {
  const result = await runCli(['status', '--json'], { cwd: world.dir, env });
  expect(result.code, result.stderr).toBe(0);
  return rowsOf(result.stdout);
}

// The first test also builds the file's fixture: seven upstreams and forks, vendored by vndr.
describe('status: when a fork can go (vendor.conf)', { timeout: 120_000 }, () => {
  it('finds each of the three ways, from GitHub, and prints the command that does it', async ({ onTestFinished }) => {
    const world = await freshRemovalWorld(onTestFinished);
    const rows = await status(world);
    const { sha } = world;
    // (a) the fork's commits are all in upstream's default branch, no release has them yet.
    expect(removalOf(rows, 'merged')).toMatchObject({
      ready: true,
      because: 'merged',
      merged: { ready: true, defaultBranch: 'master', aheadBy: 0 },
      command: 'vendorfork reset merged',
    });
    expect(removalOf(rows, 'merged').release).toBeUndefined();
    // (c) a release has them: the first one, not the newest.
    expect(removalOf(rows, 'released')).toMatchObject({
      ready: true,
      because: 'release',
      release: { tag: 'v1.1.0', commit: sha.released },
      command: 'vendorfork reset released v1.1.0',
    });
    // (b) the pull request in the line's comment: squashed in (merged), or closed unmerged.
    expect(removalOf(rows, 'squashed')).toMatchObject({
      ready: true,
      because: 'pull-request',
      merged: { ready: false, aheadBy: 1 },
      pullRequest: {
        url: 'https://github.com/moby/squashed/pull/7',
        state: 'merged',
        via: 'github',
        headSha: sha.squashed,
        mergeCommit: sha.squash,
      },
      command: `vendorfork reset squashed ${sha.squash}`,
    });
    expect(removalOf(rows, 'declined')).toMatchObject({
      ready: true,
      because: 'pull-request',
      pullRequest: { state: 'closed', via: 'github' },
      command: 'vendorfork reset declined',
    });
    expect(removalOf(rows, 'partly')).toMatchObject({
      ready: true,
      pullRequest: { state: 'merged', headSha: sha.partlyHead, mergeCommit: sha.partlyMerge },
      command: `vendorfork reset partly ${sha.partlyMerge}`,
    });
    // Not yet: what would make it removable.
    expect(removalOf(rows, 'open')).toEqual({
      ready: false,
      merged: { ready: false, defaultBranch: 'master', aheadBy: 1 },
      pullRequest: {
        url: 'https://github.com/moby/open/pull/5',
        name: 'moby/open#5',
        state: 'open',
        via: 'github',
        headSha: sha.open,
      },
      summary:
        "can go once moby/open#5 is merged or closed (open now), or once moby/open's master has its 1 commit, or once a release of moby/open has it",
    });
    expect(removalOf(rows, 'ahead')).toMatchObject({ ready: false });
    expect(removalOf(rows, 'ahead').pullRequest).toBeUndefined();

    const text = await runCli(['status'], { cwd: world.dir, env: world.env });
    expect(text.stdout).toContain(
      'github.com/moby/released: can go: moby/released released it in v1.1.0: run vendorfork reset released v1.1.0\n',
    );
    expect(text.stdout).toContain(
      "github.com/moby/merged: can go: moby/merged's master has its commits (no release has them yet): run vendorfork reset merged\n",
    );
    expect(text.stdout).toContain(
      `github.com/moby/squashed: can go: moby/squashed#7 was merged: run vendorfork reset squashed ${sha.squash}\n`,
    );
  });

  it('says the same with a token, when the rows come from GraphQL', async ({ onTestFinished }) => {
    const world = await freshRemovalWorld(onTestFinished);
    const rest = await status(world);
    const graphql = await status(world, { ...world.env, GITHUB_TOKEN: 'token' });
    expect(graphql.map((r) => r.removal)).toEqual(rest.map((r) => r.removal));
    expect(graphql.filter((r) => r.removal?.ready).length).toBe(5);
  });

  it("when GitHub's API cannot say, asks git, which can tell only that upstream contains a pull request's head", async ({
    onTestFinished,
  }) => {
    const world = await freshRemovalWorld(onTestFinished);
    world.github.inject({ kind: 'status', status: 503 }, { times: 1000, path: /\/pulls\// });
    const rows = await status(world);
    const { sha } = world;
    // partly's pull request head is in upstream's master: merged, as git can honestly tell.
    expect(removalOf(rows, 'partly')).toMatchObject({
      ready: true,
      because: 'pull-request',
      pullRequest: {
        state: 'merged',
        via: 'git',
        headSha: sha.partlyHead,
        detail: `git: moby/partly's master contains its head commit ${sha.partlyHead.slice(0, 12)}`,
      },
      command: `vendorfork reset partly ${sha.partlyHead}`,
    });
    // A squash leaves the head out of upstream: git cannot tell that from open or closed, and says so.
    for (const name of ['squashed', 'declined', 'open'] as const)
      expect(removalOf(rows, name)).toMatchObject({
        ready: false,
        pullRequest: {
          state: 'unknown',
          via: 'git',
          headSha: sha[name],
          detail: `git: moby/${name}'s master lacks its head commit ${sha[name].slice(0, 12)}; open, closed, or squashed in: git cannot tell which`,
        },
      });
    // The ways that never needed the pull request are unchanged.
    expect(removalOf(rows, 'merged')).toMatchObject({ ready: true, because: 'merged' });
    expect(removalOf(rows, 'released')).toMatchObject({ ready: true, because: 'release' });
  });
});

// Run alone (-t), the test also builds the fixture.
describe('reset --merged (vendor.conf, real vndr)', { timeout: 120_000 }, () => {
  it('drops exactly the fork pins whose commits upstream has, in one transaction', async ({ onTestFinished }) => {
    const world = await freshRemovalWorld(onTestFinished);
    const confPath = path.join(world.dir, 'vendor.conf');
    const before = readFileSync(confPath, 'utf8');
    const othersBefore = treeHash(path.join(world.dir, 'vendor'));
    // One transaction: vndr succeeds for merged and fails for released, and both lines and vendor/ are put back.
    const failing = path.join(world.git.root, 'vndr-fails-for-released');
    writeFileSync(failing, `#!/bin/sh\ncase "$*" in *released*) exit 1;; esac\nexec ${world.vndr} "$@"\n`, {
      mode: 0o755,
    });
    const failed = await runCli(['reset', '--merged', '--vndr', failing], { cwd: world.dir, env: world.env });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /^vndr github\.com\/moby\/merged \.\.\.\nvndr github\.com\/moby\/merged: done in \S+ s\nvndr github\.com\/moby\/released \.\.\.\nvendorfork: vndr github\.com\/moby\/released exited with status 1; vendor\.conf and vendor\/ were put back as they were\n$/,
    );
    expect(readFileSync(confPath, 'utf8')).toBe(before);
    expect(treeHash(path.join(world.dir, 'vendor'))).toEqual(othersBefore);

    const result = await runCli(['reset', '--merged', '--json'], { cwd: world.dir, env: world.env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as {
      reset: { importPath: string; after: { ref: string; repository?: string } }[];
      kept: { importPath: string }[];
    };
    expect(json.reset.map((r) => [r.importPath, r.after.ref, r.after.repository])).toEqual([
      ['github.com/moby/merged', world.sha.merged, undefined],
      ['github.com/moby/released', 'v1.1.0', undefined],
    ]);
    expect(json.kept.map((k) => k.importPath)).toEqual(
      ['squashed', 'declined', 'partly', 'open', 'ahead'].map((name) => `github.com/moby/${name}`),
    );
    // Exactly those two lines changed; the others are byte-identical, and so is their vendor/.
    const expected = before
      .replace(
        `github.com/moby/merged ${world.sha.merged} https://github.com/me/merged\n`,
        `github.com/moby/merged ${world.sha.merged}\n`,
      )
      .replace(
        `github.com/moby/released ${world.sha.released} https://github.com/me/released\n`,
        'github.com/moby/released v1.1.0\n',
      );
    expect(readFileSync(confPath, 'utf8')).toBe(expected);
    const after = treeHash(path.join(world.dir, 'vendor'));
    const outside = (tree: Record<string, string>) =>
      Object.fromEntries(Object.entries(tree).filter(([file]) => !/moby\/(merged|released)\//.test(file)));
    expect(outside(after)).toEqual(outside(othersBefore));
    // vndr ran for both, from upstream: released's v1.1.0 has fix.go and not what came after it.
    expect(
      Object.keys(after)
        .filter((f) => f.startsWith('github.com/moby/released/'))
        .sort(),
    ).toEqual(['github.com/moby/released/fix.go', 'github.com/moby/released/released.go']);

    const again = await runCli(['reset', '--merged'], { cwd: world.dir, env: world.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      "vendor.conf: no fork pin has all its commits in upstream's default branch: nothing to reset\n",
    );
  });
});

describe('status and reset --merged on module files, with the real go', { timeout: 60_000 }, () => {
  it('finds each of the three ways, and reset --merged drops exactly the merged one', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    const { git, reposDir } = world;
    // acme/lib2's pull request #3 (head W2, the fork's fix-untagged) was closed without a merge.
    git.git(
      path.join(reposDir, 'me/lib2.git'),
      'push',
      '-q',
      path.join(reposDir, 'acme/lib2.git'),
      'fix-untagged:refs/pull/3/head',
    );
    await world.github.close();
    const github = await FakeGitHub.start({
      ...world.hosting,
      repositories: world.hosting.repositories.map((r) =>
        r.fullName === 'acme/lib2' ? { ...r, pulls: [{ number: 3, state: 'closed' as const }] } : r,
      ),
      workDir: path.join(git.root, 'fake-github-pulls'),
      env: git.env,
    });
    onTestFinished(() => github.close());
    const env = { ...world.env, GITHUB_API_URL: github.baseUrl };
    const cli = (...args: string[]) => runCli(args, { cwd: world.dir, env });
    expect((await cli('set', 'lib', 'me/lib@feature')).code).toBe(0);
    const set2 = await cli('set', 'lib2', 'me/lib2@fix-untagged', '--comment', 'https://github.com/acme/lib2/pull/3');
    expect(set2.code, set2.stderr).toBe(0);
    // Upstream merges the fork's feature (F), untagged.
    const upstream = path.join(git.root, 'work', 'acme-lib-merge');
    git.git(git.root, 'clone', '-q', path.join(reposDir, 'acme/lib.git'), upstream);
    git.git(
      upstream,
      'pull',
      '-q',
      '--no-rebase',
      '--no-ff',
      '--no-edit',
      path.join(reposDir, 'me/lib.git'),
      'feature',
    );
    git.git(upstream, 'push', '-q', 'origin', 'master');

    const rows = rowsOf((await cli('status', '--json')).stdout);
    const by = (path: string) => rows.find((r) => r.importPath === path)!.removal!;
    // (a) merged, and a module's reset without a ref would go back to the required version: the command names the commit.
    expect(by('github.com/acme/lib')).toMatchObject({
      ready: true,
      because: 'merged',
      command: `vendorfork reset lib ${world.sha.F}`,
    });
    // (b) the pull request named in the replace's comment is closed.
    expect(by('github.com/acme/lib2/v2')).toMatchObject({
      ready: true,
      because: 'pull-request',
      pullRequest: { name: 'acme/lib2#3', state: 'closed', via: 'github', headSha: world.sha.W2 },
      command: 'vendorfork reset lib2',
    });
    // (c) upstream releases after the merge: the first tag with the commit is v1.4.0 (v1.1.0 predates it, v1.4.0 is on the world's branch next, which lacks it, v1.5.0 came later).
    git.git(upstream, 'tag', 'v1.4.0');
    git.commit(upstream, { 'later.go': 'package lib\n' }, 'later');
    git.git(upstream, 'tag', 'v1.5.0');
    git.git(upstream, 'push', '-q', 'origin', 'master', 'v1.4.0', 'v1.5.0');
    const released = rowsOf((await cli('status', '--json')).stdout);
    expect(released.find((r) => r.importPath === 'github.com/acme/lib')!.removal).toMatchObject({
      ready: true,
      because: 'release',
      release: { tag: 'v1.4.0', commit: world.sha.F },
      command: 'vendorfork reset lib v1.4.0',
    });

    const modBefore = readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
    const reset = await cli('reset', '--merged', '--json');
    expect(reset.code, reset.stderr).toBe(0);
    const json = JSON.parse(reset.stdout) as {
      reset: { importPath: string; after: { ref: string } }[];
      kept: { importPath: string }[];
    };
    expect(json.reset.map((r) => [r.importPath, r.after.ref])).toEqual([['github.com/acme/lib', 'v1.4.0']]);
    expect(json.kept.map((k) => k.importPath)).toEqual(['github.com/acme/lib2/v2']);
    const modAfter = readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
    // go.mod does not pin lib with a replace of its own, so back to upstream is what go get does (issue 21):
    // the fork's replace dropped and the requirement raised to the release.
    expect(modAfter).toContain('\tgithub.com/acme/lib v1.4.0\n');
    expect(modAfter).not.toContain('github.com/acme/lib =>');
    expect(modAfter).not.toContain('github.com/me/lib ');
    // lib2's replace is untouched.
    const lib2Line = (text: string) => text.split('\n').find((l) => l.includes('github.com/acme/lib2/v2 =>'));
    expect(lib2Line(modAfter)).toBe(lib2Line(modBefore));
    expect(readFileSync(path.join(world.dir, 'vendor/modules.txt'), 'utf8')).toContain(
      '# github.com/acme/lib v1.4.0\n',
    );
  });

  it('a release the file already requires: the command drops the replace', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    // The fork's master is upstream's U2, tagged v1.1.0, the version go.mod requires.
    expect((await runCli(['set', 'lib', 'me/lib@master'], { cwd: world.dir, env: world.env })).code).toBe(0);
    const rows = rowsOf((await runCli(['status', '--json'], { cwd: world.dir, env: world.env })).stdout);
    expect(rows[0]!.removal).toMatchObject({
      ready: true,
      because: 'release',
      release: { tag: 'v1.1.0', commit: world.sha.U2 },
      command: 'vendorfork reset lib',
    });
  });
});
