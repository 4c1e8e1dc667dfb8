import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, diffConfs } from '../../src/formats/vendor-conf/core/index.js';
import { runCli } from '../helpers/cli.js';
import { corpusRoot, projectRoot } from '../helpers/corpus.js';
import { GitWorld } from '../helpers/git.js';

const A = '0123456789abcdef0123456789abcdef01234567';
const B = 'fedcba9876543210fedcba9876543210fedcba98';
const BASE = [
  '# deps',
  `github.com/docker/swarmkit  ${A}`,
  `github.com/docker/libnetwork  ${A} https://github.com/someone/libnetwork`,
  `github.com/docker/notary  ${A} https://github.com/first/notary`,
  'github.com/gogo/protobuf  v1.2.0',
  `github.com/old/gone  ${A}`,
  `github.com/docker/distribution  ${B}`,
  '',
].join('\n');
const CHANGED = [
  '# deps, reordered and with a new comment',
  'github.com/gogo/protobuf  v1.3.0 # bumped',
  `github.com/docker/swarmkit  ${B} https://github.com/cirocosta/swarmkit`,
  `github.com/docker/libnetwork  ${B}`,
  `github.com/docker/notary  ${A} https://github.com/second/notary.git`,
  `github.com/brand/new  v0.1.0`,
  `github.com/distribution/distribution  ${B}`,
  '',
].join('\n');

let root: string;
let git: GitWorld;
let repo: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-diff-'));
  git = new GitWorld(root);
  repo = path.join(root, 'repo');
  git.git(root, 'init', '-q', repo);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function commit(text: string | null, message: string): string {
  if (text === null) {
    unlinkSync(path.join(repo, 'vendor.conf'));
    git.git(repo, 'rm', '-q', '--cached', 'vendor.conf');
  } else {
    writeFileSync(path.join(repo, 'vendor.conf'), text);
    git.git(repo, 'add', 'vendor.conf');
  }
  git.git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git.rev(repo, 'HEAD');
}

const kinds = (json: string) =>
  (JSON.parse(json) as { changes: { kind: string; importPath: string }[] }).changes.map(
    (c) => `${c.kind} ${c.importPath}`,
  );

describe('vendorfork diff', () => {
  it('names every kind of change, and treats order, comments and layout as no change', async () => {
    commit(BASE, 'base');
    writeFileSync(path.join(repo, 'vendor.conf'), CHANGED);
    const result = await runCli(['diff', '--json'], { cwd: repo });
    expect(kinds(result.stdout)).toEqual([
      'forked github.com/docker/swarmkit',
      'fork-changed github.com/docker/notary',
      'unforked github.com/docker/libnetwork',
      'ref github.com/gogo/protobuf',
      'renamed github.com/distribution/distribution',
      'added github.com/brand/new',
      'removed github.com/old/gone',
    ]);
  });

  it('prints a grouped summary, short SHAs of 12 characters, and the patch with --patch', async () => {
    const result = await runCli(['diff', '--patch'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  it('renders markdown for a pull request, and JSON', async () => {
    expect((await runCli(['diff', '--format', 'markdown'], { cwd: repo })).stdout).toMatchSnapshot();
    const json = JSON.parse((await runCli(['diff', '--json'], { cwd: repo })).stdout);
    json.file = path.relative(root, json.file);
    expect(json).toMatchSnapshot();
  });

  it('shows nothing for a reorder, and a comment-only edit only in the patch', async () => {
    const reordered = BASE.split('\n').slice(1, -1).reverse().join('\n') + '\n';
    writeFileSync(path.join(repo, 'vendor.conf'), '# deps\n' + reordered);
    expect(kinds((await runCli(['diff', '--json'], { cwd: repo })).stdout)).toEqual([]);
    writeFileSync(path.join(repo, 'vendor.conf'), BASE.replace('v1.2.0', 'v1.2.0 # pinned for grpc'));
    const result = await runCli(['diff', '--patch', '--exit-code'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('vendor.conf: no entry changed (HEAD → working tree); comments or layout only');
    expect(result.stdout).toContain('+github.com/gogo/protobuf  v1.2.0 # pinned for grpc');
    writeFileSync(path.join(repo, 'vendor.conf'), BASE);
    expect((await runCli(['diff', '--exit-code'], { cwd: repo })).code).toBe(0);
  });

  it('compares the index with --staged, ignoring unstaged edits', async () => {
    writeFileSync(path.join(repo, 'vendor.conf'), BASE.replace('v1.2.0', 'v1.3.0'));
    git.git(repo, 'add', 'vendor.conf');
    writeFileSync(path.join(repo, 'vendor.conf'), BASE.replace('v1.2.0', 'v1.4.0'));
    const staged = JSON.parse((await runCli(['diff', '--staged', '--json'], { cwd: repo })).stdout);
    expect(staged.changes).toMatchObject([{ kind: 'ref', old: { ref: 'v1.2.0' }, new: { ref: 'v1.3.0' } }]);
    expect(staged.to).toBe('index');
    const all = JSON.parse((await runCli(['diff', '--json'], { cwd: repo })).stdout);
    expect(all.changes).toMatchObject([{ kind: 'ref', new: { ref: 'v1.4.0' } }]);
    git.git(repo, 'checkout', '-q', '--', 'vendor.conf');
    git.git(repo, 'reset', '-q');
    git.git(repo, 'checkout', '-q', '--', 'vendor.conf');
  });

  it('compares two revisions, and a vendor.conf added or deleted between them', async () => {
    const base = git.rev(repo, 'HEAD');
    const changed = commit(CHANGED, 'changed');
    const deleted = commit(null, 'deleted');
    const back = commit(BASE, 'back');
    expect(kinds((await runCli(['diff', base, changed, '--json'], { cwd: repo })).stdout)).toHaveLength(7);
    const removedAll = JSON.parse((await runCli(['diff', changed, deleted, '--json'], { cwd: repo })).stdout);
    expect(removedAll.changes.every((c: { kind: string }) => c.kind === 'removed')).toBe(true);
    expect(removedAll.changes).toHaveLength(parse(CHANGED).entries.length);
    const addedAll = JSON.parse((await runCli(['diff', deleted, back, '--json'], { cwd: repo })).stdout);
    expect(addedAll.changes.filter((c: { kind: string }) => c.kind === 'added')).toHaveLength(
      parse(BASE).entries.length,
    );
    const bad = await runCli(['diff', 'no-such-rev'], { cwd: repo });
    expect(bad.stderr).toBe(
      'vendorfork: no-such-rev is not a revision of this repository: check it (git log shows them)\n',
    );
  });

  it('reads CRLF files', async () => {
    commit(BASE.replaceAll('\n', '\r\n'), 'crlf');
    writeFileSync(path.join(repo, 'vendor.conf'), CHANGED.replaceAll('\n', '\r\n'));
    expect(kinds((await runCli(['diff', '--json'], { cwd: repo })).stdout)).toHaveLength(7);
    writeFileSync(path.join(repo, 'vendor.conf'), BASE.replaceAll('\n', '\r\n'));
  });
});

describe('diff across the real moby history', () => {
  it('matches the hand-checked summary between the first and last files of the corpus', () => {
    const first = readFileSync(path.join(corpusRoot, 'moby-sample/2016-11-03_f2614f2107.conf'), 'utf8');
    const last = readFileSync(path.join(corpusRoot, 'moby-sample/2022-01-06_a7d0f3060a.conf'), 'utf8');
    const summary = diffConfs(parse(first), parse(last)).map(
      (c) => `${c.kind} ${c.importPath}${c.old && c.new ? ` ${c.old.ref} -> ${c.new.ref}` : ''}`,
    );
    const expected = readFileSync(path.join(projectRoot, '__fixtures__/diff/moby-2016-11-03..2022-01-06.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(summary).toEqual(expected);
  });
});

describe('diff --online', () => {
  it('links the compare view across forks, with the commit count and subjects', async () => {
    const { swarmkitWorld } = await import('../helpers/world.js');
    const worldRoot = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-diff-online-'));
    const world = await swarmkitWorld(worldRoot, { limits: { anonymous: 1000, authenticated: 1000 } });
    try {
      const project = path.join(worldRoot, 'project');
      world.git.git(worldRoot, 'init', '-q', project);
      writeFileSync(path.join(project, 'vendor.conf'), `github.com/docker/swarmkit ${world.sha.C}\n`);
      world.git.git(project, 'add', '-A');
      world.git.git(project, 'commit', '-q', '-m', 'pin');
      writeFileSync(
        path.join(project, 'vendor.conf'),
        `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`,
      );
      const env = {
        GITHUB_API_URL: world.github.baseUrl,
        XDG_CACHE_HOME: path.join(worldRoot, 'cache'),
        HOME: worldRoot,
      };
      const before = world.github.requests.length;
      const result = await runCli(['diff', '--online', '--json'], { cwd: project, env });
      const json = JSON.parse(result.stdout);
      expect(json.changes[0].online).toEqual({
        compareUrl: `https://github.com/docker/swarmkit/compare/${world.sha.C}...cirocosta:${world.sha.F2}`,
        commits: 2,
        subjects: ['api: fix the thing', 'api: fix the thing better'],
      });
      // One compare; docker/swarmkit answers with GitHub's rename redirect first.
      // The compare for the link; docker/swarmkit answers with GitHub's rename redirect first. Then the move is
      // judged: the reverse compare (what the old pin has that the new one lacks) and each side's top-level tree
      // (neither has a vendoring file, so no file is fetched).
      const asked = world.github.requests
        .slice(before)
        .map((r) => `${r.status} ${r.path.split('?')[0]!.replace(/[0-9a-f]{40}/g, 'SHA')}`);
      // (The last five are three questions asked side by side, in any order.)
      expect([...asked.slice(0, 2), ...asked.slice(2).sort()]).toEqual([
        '301 /repos/docker/swarmkit/compare/SHA...cirocosta%3ASHA',
        '200 /repositories/1000/compare/SHA...cirocosta%3ASHA',
        '200 /repos/cirocosta/swarmkit/git/trees/SHA',
        '200 /repositories/1000/compare/cirocosta%3ASHA...SHA',
        '200 /repositories/1000/git/trees/SHA',
        '301 /repos/docker/swarmkit/compare/cirocosta%3ASHA...SHA',
        '301 /repos/docker/swarmkit/git/trees/SHA',
      ]);
      // Nothing is dropped: F2 is built on C.
      expect(json.changes[0].move).toBeUndefined();
      const markdown = await runCli(['diff', '--online', '--format', 'markdown'], { cwd: project, env });
      expect(markdown.stdout).toContain(
        `([2 commits](https://github.com/docker/swarmkit/compare/${world.sha.C}...cirocosta:${world.sha.F2}))`,
      );
      expect(markdown.stdout).toContain(
        `- \`github.com/docker/swarmkit\` full diff: https://github.com/docker/swarmkit/compare/`,
      );
    } finally {
      await world.github.close();
      rmSync(worldRoot, { recursive: true, force: true });
    }
  });
});
