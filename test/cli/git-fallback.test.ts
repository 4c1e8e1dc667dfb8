import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';

// GitHub's API port closed (the connection is refused at once), while https://github.com/ reaches the
// world's repositories through git's insteadOf: set resolves through git alone.
let world: SwarmkitWorld;
let root: string;
let closedApi: string;
/** A commit upstream has and the fork's branches do not. */
let upstreamOnly: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-git-fallback-'));
  world = await swarmkitWorld(root);
  await world.github.close();
  const { git, reposDir } = world;
  git.config(`url.${path.join(reposDir, 'moby/swarmkit.git')}.insteadOf`, 'https://github.com/docker/swarmkit');
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
  // A fork on a host that is not GitHub's: git reaches it, GitHub's API never heard of it.
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://git.example.com/');
  const work = path.join(root, 'work', 'upstream-more');
  git.git(root, 'clone', '-q', path.join(reposDir, 'moby/swarmkit.git'), work);
  upstreamOnly = git.commit(work, { 'api/later.go': 'package api\n' }, 'api: later upstream work');
  git.git(work, 'push', '-q', 'origin', 'master');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedApi = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A project whose vendor.conf pins upstream swarmkit at C, with a cache of its own. Under the file's
 * root, removed with it: tempDir's cleanup follows vitest's current test, which concurrent tests share.
 */
function project() {
  const dir = mkdtempSync(path.join(root, 'project-'));
  const cache = mkdtempSync(path.join(root, 'cache-'));
  world.git.git(dir, 'init', '-q');
  writeFileSync(path.join(dir, 'vendor.conf'), `github.com/docker/swarmkit ${world.sha.C}\n`);
  const env = { ...world.git.env, GITHUB_API_URL: closedApi, XDG_CACHE_HOME: cache };
  const set = (...args: string[]) => runCli(['set', 'swarmkit', ...args, '--no-vndr'], { cwd: dir, env });
  const conf = () => readFileSync(path.join(dir, 'vendor.conf'), 'utf8');
  return { dir, env, set, conf, cache };
}

const NOTE = `note: GitHub's API could not answer (cannot connect to ${'HOST'} (connection refused)): resolved through git instead`;
const note = () => NOTE.replace('HOST', new URL(closedApi).host);

describe.concurrent('set through git, with GitHub API unreachable', () => {
  it('resolves a short SHA to the full one, and says how', async () => {
    const p = project();
    const result = await p.set(`cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${note()}\n`);
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`);
  });

  it('refuses a prefix two commits share, listing them', async () => {
    const p = project();
    const before = p.conf();
    const result = await p.set(`cirocosta/swarmkit@${world.ambiguousPrefix}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^vendorfork: ${world.ambiguousPrefix} is ambiguous in github\\.com/cirocosta/swarmkit: [2-9] commits start with it \\(${world.ambiguousPrefix}[0-9a-f]{8} noise \\d+; ${world.ambiguousPrefix}[0-9a-f]{8} noise \\d+.*\\): type more characters\\n$`,
      ),
    );
    expect(p.conf()).toBe(before);
  });

  it('refuses a commit no branch or tag of the fork holds', async () => {
    const p = project();
    // Upstream's newer commit: git reads it in the network's copy, but cloning the fork cannot reach it.
    const onlyUpstream = await p.set(`cirocosta/swarmkit@${upstreamOnly.slice(0, 10)}`);
    expect(onlyUpstream.code).toBe(2);
    expect(onlyUpstream.stderr).toBe(
      `vendorfork: ${upstreamOnly.slice(0, 12)} is on no branch or tag of cirocosta/swarmkit (a deleted or force-pushed branch?): vndr clones the repository and could not check it out; push a branch or tag that holds it\n`,
    );
    // A commit whose branch was deleted: fetched by id (any commit of the network can be), then refused.
    const deleted = await p.set(`cirocosta/swarmkit@${world.sha.G}`);
    expect(deleted.code).toBe(2);
    expect(deleted.stderr).toBe(
      `vendorfork: ${world.sha.G.slice(0, 12)} is on no branch or tag of cirocosta/swarmkit (a deleted or force-pushed branch?): vndr clones the repository and could not check it out; push a branch or tag that holds it\n`,
    );
    // And an id no repository has.
    const unknown = await p.set(`cirocosta/swarmkit@${'0'.repeat(40)}`);
    expect(unknown.stderr).toBe(
      `vendorfork: github.com/cirocosta/swarmkit has no commit ${'0'.repeat(40)} that git can fetch: check the SHA and the repository\n`,
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.C}\n`);
  });

  it('resolves a tag as a tag, and a branch to its commit, with ls-remote', async () => {
    const p = project();
    expect((await p.set('cirocosta/swarmkit@v1.1.0')).code).toBe(0);
    expect(p.conf()).toBe(`github.com/docker/swarmkit v1.1.0 https://github.com/cirocosta/swarmkit\n`);
    const branch = await p.set('cirocosta/swarmkit@fix');
    expect(branch.code).toBe(0);
    expect(branch.stdout).toContain(
      `warning: fix is a branch of github.com/cirocosta/swarmkit, and branches move: pinned its current commit ${world.sha.F2.slice(0, 12)}\n`,
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`);
  });

  it('warns of a repository that shares no history with upstream, and refuses it under --strict', async () => {
    const p = project();
    const strict = await p.set(`stranger/swarmkit@${world.sha.S.slice(0, 8)}`, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(
      'vendorfork: stranger/swarmkit shares no history with docker/swarmkit, so it is not a fork of it: refused under --strict\n',
    );
    const lenient = await p.set(`stranger/swarmkit@${world.sha.S.slice(0, 8)}`);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      'warning: stranger/swarmkit shares no history with docker/swarmkit, so it is not a fork of it\n',
    );
  });

  it('works from the cache with --offline once git has a copy, and not before', async () => {
    const p = project();
    const cold = await p.set(`cirocosta/swarmkit@${world.sha.F1.slice(0, 7)}`, '--offline');
    expect(cold.code).toBe(2);
    expect(cold.stderr).toContain('can only be resolved on GitHub, and --offline is set');
    expect((await p.set(`cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`)).code).toBe(0);
    // Now nothing may leave the machine: no git remote is reachable either.
    const offlineEnv = { ...p.env, GIT_CONFIG_GLOBAL: deadEndGitConfig(p.dir) };
    const warm = await runCli(
      ['set', 'swarmkit', `cirocosta/swarmkit@${world.sha.F1.slice(0, 7)}`, '--no-vndr', '--offline'],
      { cwd: p.dir, env: offlineEnv },
    );
    expect(warm.stderr).toBe('');
    expect(warm.stdout).toContain(
      "note: --offline: resolved from vendorfork's copy of docker/swarmkit's network, as the last run without --offline left it\n",
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F1} https://github.com/cirocosta/swarmkit\n`);
  });

  it('--offline with a copy older than the commit: written with a warning naming the copy, refused under --strict', async () => {
    const p = project();
    // Monday: an online run leaves a copy of the network.
    expect((await p.set(`cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`)).code).toBe(0);
    // Tuesday: the fork gains a commit the copy has never seen (on a branch of its own, for the other tests' sake).
    const work = mkdtempSync(path.join(root, 'tuesday-'));
    world.git.git(root, 'clone', '-q', '--branch', 'fix', path.join(world.reposDir, 'cirocosta/swarmkit.git'), work);
    world.git.git(work, 'checkout', '-q', '-b', 'tuesday');
    const later = world.git.commit(work, { 'api/tuesday.go': 'package api\n' }, 'api: tuesday');
    world.git.git(work, 'push', '-q', 'origin', 'tuesday');
    const offline = (...flags: string[]) =>
      runCli(['set', 'swarmkit', `cirocosta/swarmkit@${later}`, '--no-vndr', '--offline', ...flags], {
        cwd: p.dir,
        env: { ...p.env, GIT_CONFIG_GLOBAL: deadEndGitConfig(p.dir) },
      });
    const unchecked = `${later.slice(0, 12)} is not in vendorfork's copy of docker/swarmkit's network \\(last fetched \\d+ min ago, at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\), so --offline could not check that github\\.com/cirocosta/swarmkit has it, that a branch or tag holds it, or that it shares history with docker/swarmkit`;
    const strict = await offline('--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      new RegExp(`^vendorfork: ${unchecked}: refused under --strict; run without --offline to check it\\n$`),
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`);
    const lenient = await offline();
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(
      new RegExp(`\\nwarning: ${unchecked}: written unchecked; run without --offline to check it\\n`),
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${later} https://github.com/cirocosta/swarmkit\n`);
  });

  it('resets to where the fork left upstream, found through git', async () => {
    const p = project();
    writeFileSync(
      path.join(p.dir, 'vendor.conf'),
      `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`,
    );
    const result = await runCli(['reset', 'swarmkit', '--no-vndr'], { cwd: p.dir, env: p.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `note: GitHub's API could not answer (cannot connect to ${new URL(closedApi).host} (connection refused)): found through git instead\n`,
    );
    expect(result.stdout).toContain(
      `note: pinned the upstream commit the fork was based on: ${world.sha.C.slice(0, 12)}, where cirocosta/swarmkit (2 commits ahead) left docker/swarmkit's master\n`,
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.C}\n`);

    // And with --offline, from the copy that run left, with nothing reachable.
    writeFileSync(
      path.join(p.dir, 'vendor.conf'),
      `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`,
    );
    const offline = await runCli(['reset', 'swarmkit', '--no-vndr', '--offline'], {
      cwd: p.dir,
      env: { ...p.env, GIT_CONFIG_GLOBAL: deadEndGitConfig(p.dir) },
    });
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toContain("note: --offline: found from vendorfork's copy of docker/swarmkit's network\n");
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.C}\n`);
  });

  it('resolves a fork on another host through git, without asking GitHub', async () => {
    const p = project();
    const result = await p.set(`https://git.example.com/cirocosta/swarmkit@${world.sha.F2.slice(0, 9)}`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      'note: git.example.com is not github.com, whose API vendorfork asks: resolved through git\n',
    );
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F2} https://git.example.com/cirocosta/swarmkit\n`);
  });
});

/** A git config whose every https URL leads to a closed local port: git cannot reach anything, here or beyond. */
function deadEndGitConfig(dir: string): string {
  const file = path.join(dir, '..', 'dead-end-gitconfig');
  writeFileSync(file, '[url "https://127.0.0.1:1/"]\n\tinsteadOf = https://\n');
  return file;
}
