import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusRow } from '../../src/commands/status.js';
import { runBin, runCli } from '../helpers/cli.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';

let root: string;
let world: SwarmkitWorld;
let project: string;
let env: NodeJS.ProcessEnv;
let merged: { L1: string; mergeCommit: string };
const TOKEN = 'ghp_statusTestToken0123456789abcdefABCDEF';

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-status-'));
  world = await swarmkitWorld(root, {
    limits: { anonymous: 100_000, authenticated: 100_000 },
    token: TOKEN,
    // libnetwork: the fork's fix was merged upstream with a merge commit.
    extra: (git, reposDir) => {
      const up = git.init('moby-libnetwork', { 'net.go': 'package libnetwork\n' });
      const upBare = git.bare(up, path.join(reposDir, 'moby/libnetwork.git'));
      const fork = path.join(root, 'work/libnetwork-fork');
      git.git(root, 'clone', '-q', upBare, fork);
      git.git(fork, 'checkout', '-q', '-b', 'fix');
      const L1 = git.commit(fork, { 'fix.go': 'package libnetwork\n' }, 'fix the network');
      const forkBare = git.bare(fork, path.join(reposDir, 'cirocosta/libnetwork.git'));
      git.git(up, 'pull', '-q', '--no-rebase', '--no-ff', '--no-edit', forkBare, 'fix');
      const mergeCommit = git.rev(up, 'HEAD');
      git.git(up, 'push', '-q', upBare, 'master');
      merged = { L1, mergeCommit };
      // A fork on a git server that is not GitHub, reached through insteadOf.
      const other = git.init('other-host-lib', { 'lib.go': 'package lib\n' });
      git.git(other, 'tag', 'v0.9.0');
      git.config(
        `url.${git.bare(other, path.join(root, 'otherhost/lib.git'))}.insteadOf`,
        'https://git.example.org/lib',
      );
      // git's copy of a network (the release lookup, the fallback) reaches the local repositories, never github.com.
      git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
      return [
        { fullName: 'moby/libnetwork', gitDir: upBare },
        { fullName: 'cirocosta/libnetwork', gitDir: forkBare, parent: 'moby/libnetwork' },
      ];
    },
  });
  project = path.join(root, 'project');
  world.git.git(root, 'init', '-q', project);
  writeFileSync(
    path.join(project, 'vendor.conf'),
    [
      `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit`,
      `github.com/moby/libnetwork ${merged.L1} https://github.com/cirocosta/libnetwork.git`,
      `github.com/moby/moby ${world.sha.G} https://github.com/cirocosta/swarmkit`,
      `github.com/acme/lib v0.9.0 https://git.example.org/lib`,
      `github.com/stranger/swarmkit v1.0.0 https://github.com/nobody/swarmkit`,
      `github.com/moby/swarmkit v1.0.0`,
      '',
    ].join('\n'),
  );
  env = {
    ...world.git.env,
    GITHUB_API_URL: world.github.baseUrl,
    XDG_CACHE_HOME: path.join(root, 'cache'),
    VENDORFORK_RETRY_BASE_MS: '5',
  };
});
afterAll(async () => {
  await world?.github.close();
  rmSync(root, { recursive: true, force: true });
});

describe('vendorfork status', () => {
  it('gives each fork entry its drift, reachability and verdict', async () => {
    const result = await runCli(['status', '--json'], { cwd: project, env });
    const rows = (JSON.parse(result.stdout) as { rows: StatusRow[] }).rows;
    const by = (importPath: string) => rows.find((r) => r.importPath === importPath)!;
    expect(rows.map((r) => r.importPath)).toEqual([
      'github.com/docker/swarmkit',
      'github.com/moby/libnetwork',
      'github.com/moby/moby',
      'github.com/acme/lib',
      'github.com/stranger/swarmkit',
    ]);
    expect(by('github.com/docker/swarmkit')).toMatchObject({
      upstream: 'moby/swarmkit',
      fork: 'cirocosta/swarmkit',
      aheadBy: 2,
      behindBy: 0,
      reachable: true,
      reachableVia: 'branch fix',
      verdict: 'fork-ahead',
    });
    expect(by('github.com/moby/libnetwork')).toMatchObject({
      upstream: 'moby/libnetwork',
      aheadBy: 0,
      behindBy: 1,
      verdict: 'merged-upstream',
      advice: `vendorfork reset libnetwork ${merged.L1}`,
    });
    // An upstream the local GitHub does not have.
    expect(by('github.com/moby/moby')).toMatchObject({
      verdict: 'missing',
      detail: 'github.com/moby/moby does not exist, or is private: check the name',
    });
    expect(by('github.com/acme/lib')).toMatchObject({
      verdict: 'not-github',
      reachable: true,
      reachableVia: 'refs/tags/v0.9.0',
    });
    expect(by('github.com/stranger/swarmkit')).toMatchObject({
      verdict: 'missing',
      detail: 'github.com/nobody/swarmkit does not exist, or is private: check the name',
    });
    expect(result.code).toBe(1);
  });

  it('flags an unreachable commit in a fork of the right network', async () => {
    const conf = path.join(project, 'vendor.conf');
    const { readFileSync } = await import('node:fs');
    const before = readFileSync(conf, 'utf8');
    writeFileSync(conf, `github.com/docker/swarmkit ${world.sha.G} https://github.com/cirocosta/swarmkit\n`);
    try {
      const rows = (
        JSON.parse((await runCli(['forks', '--json'], { cwd: project, env })).stdout) as { rows: StatusRow[] }
      ).rows;
      expect(rows).toMatchObject([{ verdict: 'unreachable', reachable: false, aheadBy: 1 }]);
      const text = await runCli(['status'], { cwd: project, env });
      expect(text.stdout).toContain(
        `vendor.conf:1: github.com/docker/swarmkit cirocosta/swarmkit ${world.sha.G.slice(0, 12)} +1 -0 NO UNREACHABLE`,
      );
      expect(text.stdout).toContain(
        `github.com/docker/swarmkit: no branch or tag of cirocosta/swarmkit holds ${world.sha.G.slice(0, 12)}: the next vndr run will fail; push a branch that holds it`,
      );
    } finally {
      writeFileSync(conf, before);
    }
  });

  it('with --all, says when upstream has a newer tag', async () => {
    const rows = (
      JSON.parse((await runCli(['status', '--all', '--json'], { cwd: project, env })).stdout) as { rows: StatusRow[] }
    ).rows;
    expect(rows.find((r) => r.importPath === 'github.com/moby/swarmkit')).toMatchObject({
      verdict: 'newer-tag',
      newerTag: 'v1.1.0',
      advice: 'vendorfork set swarmkit @v1.1.0',
    });
  });

  it.for([
    ['REST', false],
    ['GraphQL', true],
  ] as const)('gives the same rows from the built bin, which bundles Octokit (%s)', async ([, withToken]) => {
    const runEnv = withToken ? { ...env, GITHUB_TOKEN: TOKEN } : env;
    const inProcess = await runCli(['status', '--all', '--json'], { cwd: project, env: runEnv });
    const before = world.github.requests.length;
    const built = await runBin(['status', '--all', '--json'], { cwd: project, env: runEnv });
    const sent = world.github.requests.slice(before).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(inProcess.code);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(inProcess.stdout));
    expect(sent.includes('POST /graphql')).toBe(withToken);
  });

  it('prints a table on a terminal', async () => {
    const result = await runCli(['status', '--no-color'], { cwd: project, env, tty: true });
    expect(result.stdout.split('\n')[0]).toMatch(/^DEPENDENCY\s+FORK\s+PINNED\s+AHEAD\/BEHIND\s+REACHABLE\s+VERDICT$/);
    expect(result.stdout).toMatch(
      /github\.com\/moby\/libnetwork\s+cirocosta\/libnetwork\s+\w{12}\s+\+0 -1\s+yes\s+merged upstream/,
    );
  });

  it('without a token, a second run costs rate limit only for the repositories that do not exist', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(path.join(root, 'cache'), { recursive: true, force: true });
    const first = world.github.requests.length;
    await runCli(['status', '--all', '--json'], { cwd: project, env });
    const firstRun = world.github.requests.slice(first);
    expect(firstRun.filter((r) => r.counted).length).toBeGreaterThan(5);
    const second = world.github.requests.length;
    await runCli(['status', '--all', '--json'], { cwd: project, env });
    const secondRun = world.github.requests.slice(second);
    expect(secondRun.length).toBeGreaterThan(5);
    // docker/swarmkit's rename is remembered (a redirect has no ETag); a 404 is asked again, as the repository may exist now.
    expect(secondRun.filter((r) => r.counted).map((r) => `${r.status} ${r.path}`)).toEqual([
      '404 /repos/moby/moby',
      '404 /repos/nobody/swarmkit',
    ]);
  });

  describe('with a token', () => {
    const rowsOf = async (args: string[], withToken: boolean) => {
      const before = world.github.requests.length;
      const result = await runCli(['status', '--json', ...args], {
        cwd: project,
        env: withToken ? { ...env, GITHUB_TOKEN: TOKEN } : env,
      });
      const sent = world.github.requests.slice(before).map((r) => `${r.method} ${r.path.split('?')[0]}`);
      return { rows: (JSON.parse(result.stdout) as { rows: StatusRow[] }).rows, code: result.code, sent };
    };
    const withConf = async <T>(lines: string[], fn: () => Promise<T>): Promise<T> => {
      const conf = path.join(project, 'vendor.conf');
      const { readFileSync } = await import('node:fs');
      const before = readFileSync(conf, 'utf8');
      writeFileSync(conf, lines.join('\n') + '\n');
      try {
        return await fn();
      } finally {
        writeFileSync(conf, before);
      }
    };

    it('gives the same rows as REST, every verdict and fallback included', async () => {
      const rest = await rowsOf(['--all'], false);
      const batched = await rowsOf(['--all'], true);
      expect(batched.rows).toEqual(rest.rows);
      expect(batched.code).toBe(rest.code);
      expect(rest.sent).not.toContain('POST /graphql');
      expect(batched.sent.filter((s) => s === 'POST /graphql')).toHaveLength(1);
    });

    it('answers full-SHA fork pins and upstream tags in one GraphQL request', async () => {
      const lines = [
        `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit`,
        `github.com/moby/libnetwork ${merged.L1} https://github.com/cirocosta/libnetwork.git`,
        `github.com/moby/swarmkit v1.0.0`,
      ];
      const { rest, batched } = await withConf(lines, async () => ({
        rest: await rowsOf(['--all'], false),
        batched: await rowsOf(['--all'], true),
      }));
      expect(batched.sent).toEqual(['POST /graphql']);
      expect(batched.rows).toEqual(rest.rows);
      expect(batched.rows.map((r) => r.verdict)).toEqual(['fork-ahead', 'merged-upstream', 'newer-tag']);
      expect(rest.sent.length).toBeGreaterThan(5);
    });

    it('takes a second request for a fork pinned by branch or tag name', async () => {
      world.git.git(
        path.join(world.reposDir, 'cirocosta/swarmkit.git'),
        'tag',
        '-a',
        '-m',
        'v1',
        'fork-v1',
        world.sha.F2,
      );
      const lines = [`github.com/docker/swarmkit fork-v1 https://github.com/cirocosta/swarmkit`];
      const { rest, batched } = await withConf(lines, async () => ({
        rest: await rowsOf([], false),
        batched: await rowsOf([], true),
      }));
      expect(batched.sent).toEqual(['POST /graphql', 'POST /graphql']);
      expect(batched.rows).toEqual(rest.rows);
      expect(batched.rows[0]).toMatchObject({ sha: world.sha.F2, aheadBy: 2, verdict: 'fork-ahead' });
    });

    it('names the same branch as REST when several hold the commit: a tip before a containing branch', async () => {
      const forkBare = path.join(world.reposDir, 'cirocosta/swarmkit.git');
      world.git.git(forkBare, 'branch', 'zz-kept', world.sha.F1);
      const lines = [`github.com/docker/swarmkit ${world.sha.F1} https://github.com/cirocosta/swarmkit`];
      try {
        const { rest, batched } = await withConf(lines, async () => ({
          rest: await rowsOf([], false),
          batched: await rowsOf([], true),
        }));
        expect(rest.rows[0]).toMatchObject({ reachable: true, reachableVia: 'branch zz-kept' });
        expect(batched.rows).toEqual(rest.rows);
        expect(batched.sent).toEqual(['POST /graphql']);
      } finally {
        world.git.git(forkBare, 'branch', '-D', 'zz-kept');
      }
    });

    it('falls back to REST for a compare GitHub declines across the network', async () => {
      world.github.graphqlCompareAcrossNetwork = false;
      try {
        const lines = [`github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit`];
        const { rest, batched } = await withConf(lines, async () => ({
          rest: await rowsOf([], false),
          batched: await rowsOf([], true),
        }));
        expect(batched.sent[0]).toBe('POST /graphql');
        expect(batched.sent).toEqual([
          'POST /graphql',
          `GET /repos/moby/swarmkit/compare/master...cirocosta%3A${world.sha.F2}`,
        ]);
        expect(batched.rows).toEqual(rest.rows);
      } finally {
        world.github.graphqlCompareAcrossNetwork = true;
      }
    });
  });
});
