import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkMirror } from '../../src/git/network-mirror.js';
import { repoId, repoKey } from '../../src/resolve/fork-spec.js';
import { gitHistory } from '../../src/resolve/move.js';
import { lookUpRef, refRefusal, type RefAnswer, type RefSource } from '../../src/resolve/ref-lookup.js';
import { runCli } from '../helpers/cli.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';

// One reading of a ref for the API path, the git path and the move judge (src/resolve/ref-lookup.ts).

const TAGGED = '1'.repeat(40);
const BRANCHED = '2'.repeat(40);
const CAFE = 'cafe' + '3'.repeat(36);

function source(options: {
  tags?: Record<string, string>;
  branches?: Record<string, string>;
  commits?: string[];
  listsPrefixes?: boolean;
}): RefSource {
  return {
    where: 'github.com/me/repo',
    listsPrefixes: options.listsPrefixes ?? true,
    tag: async (name) => options.tags?.[name],
    branch: async (name) => options.branches?.[name],
    startingWith: async (prefix) => (options.commits ?? []).filter((sha) => sha.startsWith(prefix)).sort(),
  };
}

describe('lookUpRef: one order for every source', () => {
  const cases: [string, Parameters<typeof source>[0], string, RefAnswer][] = [
    [
      'a tag before a branch of the same name',
      { tags: { v1: TAGGED }, branches: { v1: BRANCHED } },
      'v1',
      { kind: 'tag', sha: TAGGED },
    ],
    ['a branch', { branches: { fix: BRANCHED } }, 'fix', { kind: 'branch', sha: BRANCHED }],
    [
      'a hex-looking branch no commit starts with',
      { branches: { beef: BRANCHED }, commits: [CAFE] },
      'beef',
      { kind: 'branch', sha: BRANCHED },
    ],
    ['a prefix of one commit', { commits: [CAFE, BRANCHED] }, 'cafe', { kind: 'sha', sha: CAFE }],
    [
      'a hex-looking branch that is also the start of a commit',
      { branches: { cafe: BRANCHED }, commits: [CAFE, BRANCHED] },
      'cafe',
      { kind: 'ambiguous', name: { kind: 'branch', sha: BRANCHED }, candidates: [CAFE] },
    ],
    [
      'a hex-looking branch at the very commit it starts: no doubt',
      { branches: { cafe: CAFE }, commits: [CAFE] },
      'cafe',
      { kind: 'branch', sha: CAFE },
    ],
    [
      'a prefix of two commits',
      { commits: [CAFE, 'cafe' + '4'.repeat(36)] },
      'cafe',
      { kind: 'ambiguous', candidates: [CAFE, 'cafe' + '4'.repeat(36)] },
    ],
    [
      "a hex-looking branch where the source cannot see prefixes (GitHub's API)",
      { branches: { beef: BRANCHED }, listsPrefixes: false },
      'beef',
      { kind: 'undecided', name: { kind: 'branch', sha: BRANCHED } },
    ],
    ['nothing', { commits: [CAFE] }, 'nope', { kind: 'none' }],
    ['no commit starts with it', { commits: [CAFE] }, 'dead', { kind: 'none' }],
  ];
  it.each(cases)('%s', async (_label, given, ref, expected) => {
    expect(await lookUpRef(source(given), ref)).toEqual(expected);
  });

  it('says each refusal once, in the words of the source that gave it', () => {
    const git = { where: 'github.com/me/repo', listsPrefixes: true };
    const api = { where: 'github.com/me/repo', listsPrefixes: false };
    expect(refRefusal(git, 'dead', { kind: 'none' })).toBe(
      'github.com/me/repo has no commit starting with dead: check it, or type more characters',
    );
    expect(refRefusal(api, 'dead', { kind: 'none' })).toBe(
      'github.com/me/repo has no commit starting with dead, or more than one: check it, or type more characters',
    );
    expect(refRefusal(git, 'nope', { kind: 'none' })).toBe(
      'github.com/me/repo has no commit, tag or branch nope: check the name',
    );
    expect(
      refRefusal(
        git,
        'cafe',
        { kind: 'ambiguous', name: { kind: 'branch', sha: BRANCHED }, candidates: [CAFE] },
        new Map([[CAFE, 'api: a subject']]),
      ),
    ).toBe(
      `cafe is ambiguous in github.com/me/repo: a branch (at 222222222222) and the start of a commit (cafe33333333 api: a subject): write the full SHA`,
    );
  });
});

// The real thing: the swarmkit world on the local GitHub, the fork's repositories reached by git through insteadOf.
let world: SwarmkitWorld;
let root: string;
let closedApi: string;
/** A hex-looking branch of the fork, at F1, that no commit of the network starts with. */
let hexBranch: string;
/** A branch of the fork, at F1, named by the first 8 digits of F2. */
let collidingBranch: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-ref-lookup-'));
  world = await swarmkitWorld(root, { limits: { anonymous: 100_000, authenticated: 100_000 } });
  const { git, reposDir } = world;
  git.config(`url.${path.join(reposDir, 'moby/swarmkit.git')}.insteadOf`, 'https://github.com/docker/swarmkit');
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
  const forkBare = path.join(reposDir, 'cirocosta/swarmkit.git');
  hexBranch = ['beef', 'cafe', 'd00d', 'f00d', 'abba', 'face'].find(
    (name) => git.git(forkBare, 'rev-parse', `--disambiguate=${name}`) === '',
  )!;
  collidingBranch = world.sha.F2.slice(0, 8);
  git.git(forkBare, 'branch', hexBranch, world.sha.F1);
  git.git(forkBare, 'branch', collidingBranch, world.sha.F1);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedApi = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(async () => {
  await world?.github.close();
  rmSync(root, { recursive: true, force: true });
});

function project(api: 'up' | 'closed') {
  const dir = mkdtempSync(path.join(root, 'project-'));
  const cache = mkdtempSync(path.join(root, 'cache-'));
  world.git.git(dir, 'init', '-q');
  writeFileSync(path.join(dir, 'vendor.conf'), `github.com/docker/swarmkit ${world.sha.C}\n`);
  const env = {
    ...world.git.env,
    GITHUB_API_URL: api === 'up' ? world.github.baseUrl : closedApi,
    XDG_CACHE_HOME: cache,
    VENDORFORK_RETRY_BASE_MS: '5',
  };
  const set = (spec: string) => runCli(['set', 'swarmkit', spec, '--no-vndr'], { cwd: dir, env });
  const conf = () => readFileSync(path.join(dir, 'vendor.conf'), 'utf8');
  return { env, set, conf };
}

describe.concurrent('a hex-looking branch resolves the same through the API and through git', () => {
  it.each(['up', 'closed'] as const)('with the API %s: the branch, pinned at its commit', async (api) => {
    const p = project(api);
    const result = await p.set(`cirocosta/swarmkit@${hexBranch}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(p.conf()).toBe(`github.com/docker/swarmkit ${world.sha.F1} https://github.com/cirocosta/swarmkit\n`);
    expect(result.stdout).toContain(`${hexBranch} is a branch of github.com/cirocosta/swarmkit, and branches move`);
    // The API cannot tell the name from a commit prefix, so it hands the question to git, and says so.
    if (api === 'up')
      expect(result.stdout).toContain(
        `note: GitHub's API cannot tell a name from the start of a commit id (${hexBranch}): resolved through git instead`,
      );
  });

  it.each(['up', 'closed'] as const)(
    'with the API %s: a branch named like the start of another commit is refused, naming both',
    async (api) => {
      const p = project(api);
      const before = p.conf();
      const result = await p.set(`cirocosta/swarmkit@${collidingBranch}`);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `vendorfork: ${collidingBranch} is ambiguous in github.com/cirocosta/swarmkit: a branch (at ${world.sha.F1.slice(0, 12)}) and the start of a commit (${world.sha.F2.slice(0, 12)} api: fix the thing better): write the full SHA\n`,
      );
      expect(p.conf()).toBe(before);
    },
  );

  it('the move judge reads them the same way: the branch, and nothing for the ambiguous one', async () => {
    const p = project('closed');
    // A set through git leaves the network's copy that the judge reads.
    expect((await p.set(`cirocosta/swarmkit@${world.sha.F2}`)).code).toBe(0);
    // Through git alone the upstream keeps the name vendor.conf gives it (no API to say it was renamed).
    const upstream = repoId('github.com', 'docker/swarmkit');
    const history = gitHistory(NetworkMirror.of(repoKey(upstream), p.env), { offline: true });
    const side = (ref: string) => ({
      repository: repoId('github.com', 'cirocosta/swarmkit'),
      url: 'https://github.com/cirocosta/swarmkit',
      ref,
    });
    expect(await history.commitOf(side(hexBranch))).toBe(world.sha.F1);
    expect(await history.commitOf(side(collidingBranch))).toBeUndefined();
    expect(await history.commitOf(side(world.sha.F2.slice(0, 10)))).toBe(world.sha.F2);
    expect(await history.commitOf(side('fix'))).toBe(world.sha.F2);
  });
});
