import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/formats/vendor-conf/core/index.js';
import { FakeGitHub } from '../github/fake-github.js';
import { runCli } from '../helpers/cli.js';
import { corpusRoot } from '../helpers/corpus.js';
import { GitWorld } from '../helpers/git.js';

// The latest moby vendor.conf of the corpus, its one fork entry
// (go-immutable-radix from tonistiigi's fork) pointed at a real local commit.
const MOBY = path.join(corpusRoot, 'moby-sample/2022-01-06_a7d0f3060a.conf');
const TOKEN = 'ghp_batchTestToken';

let root: string;
let github: FakeGitHub;
let project: string;
let forkSha: string;
let unreachableSha: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-batch-'));
  const git = new GitWorld(root);
  const upstream = git.init('radix', { 'iradix.go': 'package iradix\n' });
  const upstreamBare = git.bare(upstream, path.join(root, 'hosted/hashicorp/go-immutable-radix.git'));
  const fork = path.join(root, 'work/radix-fork');
  git.git(root, 'clone', '-q', upstreamBare, fork);
  forkSha = git.commit(fork, { 'iradix.go': 'package iradix\n\n// fixed\n' }, 'fix the tree');
  const forkBare = git.bare(fork, path.join(root, 'hosted/tonistiigi/go-immutable-radix.git'));
  // A commit pushed on a branch that was then deleted: still readable through the network, on no branch.
  git.git(fork, 'checkout', '-q', '-b', 'wip');
  unreachableSha = git.commit(fork, { 'wip.go': 'package iradix\n' }, 'wip');
  git.git(fork, 'push', '-q', forkBare, 'wip');
  git.git(forkBare, 'branch', '-D', 'wip');
  const stranger = git.init('stranger', { 'x.go': 'package x\n' });
  const strangerBare = git.bare(stranger, path.join(root, 'hosted/stranger/go-immutable-radix.git'));
  github = await FakeGitHub.start({
    repositories: [
      { fullName: 'hashicorp/go-immutable-radix', gitDir: upstreamBare },
      { fullName: 'tonistiigi/go-immutable-radix', gitDir: forkBare, parent: 'hashicorp/go-immutable-radix' },
      { fullName: 'stranger/go-immutable-radix', gitDir: strangerBare },
    ],
    workDir: path.join(root, 'fake'),
    env: git.env,
    token: TOKEN,
  });
  project = path.join(root, 'project');
  git.git(root, 'init', '-q', project);
  const conf = parse(readFileSync(MOBY, 'utf8'));
  conf.set('github.com/hashicorp/go-immutable-radix', { ref: forkSha });
  writeFileSync(path.join(project, 'vendor.conf'), conf.toString());
  env = {
    GITHUB_API_URL: github.baseUrl,
    XDG_CACHE_HOME: path.join(root, 'cache'),
    HOME: root,
    VENDORFORK_RETRY_BASE_MS: '5',
  };
});
afterAll(async () => {
  await github?.close();
  rmSync(root, { recursive: true, force: true });
});

const checkOnline = (extraEnv: NodeJS.ProcessEnv) =>
  runCli(['check', '--online', '--json'], { cwd: project, env: { ...env, ...extraEnv } });

describe('check --online on the latest moby vendor.conf', () => {
  it('resolves the fork entries in one GraphQL request with a token', async () => {
    const before = github.requests.length;
    const result = await checkOnline({ GITHUB_TOKEN: TOKEN });
    const sent = github.requests.slice(before);
    // Resolution and the pinned commit's reachability (compares against the fork's newest branches) in one query.
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    const json = JSON.parse(result.stdout);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(['git-protocol-url']);
    expect(result.code).toBe(0);
  });

  it('without a token, a second run costs no rate limit', async () => {
    rmSync(path.join(root, 'cache'), { recursive: true, force: true });
    const first = github.requests.length;
    expect((await checkOnline({})).code).toBe(0);
    const firstRun = github.requests.slice(first);
    expect(firstRun.length).toBeGreaterThan(0);
    expect(firstRun.every((r) => !r.authenticated)).toBe(true);
    const second = github.requests.length;
    expect((await checkOnline({})).code).toBe(0);
    const secondRun = github.requests.slice(second);
    expect(secondRun.filter((r) => r.counted)).toEqual([]);
  });

  it('reports a missing ref, a missing fork and a fork outside the network, by line and column', async () => {
    const original = readFileSync(path.join(project, 'vendor.conf'), 'utf8');
    try {
      for (const [change, code] of [
        [{ ref: 'f'.repeat(40) }, 'ref-missing'],
        [{ ref: unreachableSha }, 'ref-unreachable'],
        [{ repository: 'https://github.com/nobody/go-immutable-radix' }, 'fork-missing'],
        [{ repository: 'https://github.com/stranger/go-immutable-radix', ref: 'master' }, 'fork-outside-network'],
      ] as const) {
        const conf = parse(original);
        const entry = conf.set('github.com/hashicorp/go-immutable-radix', change);
        writeFileSync(path.join(project, 'vendor.conf'), conf.toString());
        for (const tokenEnv of [{ GITHUB_TOKEN: TOKEN }, {}]) {
          rmSync(path.join(root, 'cache'), { recursive: true, force: true });
          const result = await checkOnline(tokenEnv);
          const found = JSON.parse(result.stdout).diagnostics.filter((d: { code: string }) => d.code === code);
          const column = code.startsWith('ref-') ? entry.columns.ref : entry.columns.repository;
          expect(found, `${code} ${JSON.stringify(tokenEnv)}`).toMatchObject([{ line: entry.line, column }]);
        }
      }
    } finally {
      writeFileSync(path.join(project, 'vendor.conf'), original);
    }
  });
});
