import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { runBin, runCli } from '../helpers/cli.js';
import { freshGoProject, type GoProject } from '../helpers/go-project.js';

const fresh = (onTestFinished: TestContext['onTestFinished']) => freshGoProject(onTestFinished, 'vendorfork-guard-');

const staged = (project: GoProject, ...extra: string[]) =>
  runCli(['check', '--staged', ...extra], { cwd: project.dir, env: project.env });
const add = (project: GoProject) => project.git.git(project.dir, 'add', '-A');
const UTIL = 'vendor/github.com/acme/util';

describe.concurrent('check --staged with a real vndr-made vendor/', () => {
  it('passes a clean set, staged', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], { cwd: project.dir, env: project.env });
    add(project);
    // set kept F2's tree listing: the staged files are compared with it, offline.
    const result = await staged(project);
    expect(result).toMatchObject({ code: 0, stdout: '✓ vendor.conf: no problems\n' });
    // --online adds GitHub's view of the staged pins: the fork exists, the ref resolves, a branch holds it.
    const before = project.github.requests.length;
    expect(await staged(project, '--online')).toMatchObject({ code: 0, stdout: '✓ vendor.conf: no problems\n' });
    const afterOnline = project.github.requests.length;
    expect(afterOnline).toBeGreaterThan(before);
    // Without --online, never the network.
    expect(await staged(project)).toMatchObject({ code: 0, stdout: '✓ vendor.conf: no problems\n' });
    expect(project.github.requests.length).toBe(afterOnline);
  });

  it('catches a hand-edited vendored file, and an added one, unless --allow-vendor-edits', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '\n// a quick fix\n');
    add(project);
    const edited = await staged(project);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(
      `vendor.conf:2:1: error vendor-hand-edit 1 staged file under vendor/github.com/acme/util changed while its entry did not: a hand edit of vendored code (${UTIL}/util.go); send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
    );
    writeFileSync(path.join(project.dir, UTIL, 'extra.go'), 'package util\n');
    add(project);
    const json = JSON.parse((await staged(project, '--json')).stdout);
    expect(json.diagnostics.find((d: { code: string }) => d.code === 'vendor-hand-edit').files).toEqual([
      `${UTIL}/extra.go`,
      `${UTIL}/util.go`,
    ]);
    const allowed = await staged(project, '--allow-vendor-edits');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('warning vendor-hand-edit');
  });

  it('catches a vendor.conf change staged without its vendor/ change', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--no-vndr'], {
      cwd: project.dir,
      env: project.env,
    });
    add(project);
    const result = await staged(project);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'vendor.conf:3:1: error vendor-not-updated github.com/docker/swarmkit changed (forked) but nothing under vendor/github.com/docker/swarmkit is staged: run vendorfork sync, then git add -A vendor/github.com/docker/swarmkit',
    );
  });

  it('ignores unstaged edits in the working tree', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '\n// not staged\n');
    writeFileSync(path.join(project.dir, 'vendor.conf'), 'this is not valid\n');
    expect((await staged(project)).code).toBe(0);
    expect((await runCli(['check'], { cwd: project.dir, env: project.env })).code).toBe(1);
  });

  it('reports a vendor/ directory with no entry, and an entry with no directory', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    writeFileSync(
      path.join(project.dir, 'vendor.conf'),
      readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8') + 'github.com/acme/never v1.0.0\n',
    );
    const stray = path.join(project.dir, 'vendor/github.com/stray/pkg');
    mkdirSync(stray, { recursive: true });
    writeFileSync(path.join(stray, 'x.go'), 'package pkg\n');
    add(project);
    const result = await staged(project, '--json');
    const found = JSON.parse(result.stdout).diagnostics.map(
      (d: { code: string; severity: string; line: number; message: string }) =>
        `${d.line} ${d.severity} ${d.code} ${d.message}`,
    );
    // An added entry with nothing vendored, in a commit where vndr ran (the stray files are staged), is what vndr
    // makes of an entry nothing imports (moby 7acea2a243 added github.com/stevvooe/continuity so): said once, as
    // vendor-missing, not refused. Before the first commit (check.test.ts) nothing under vendor/ is staged: refused.
    expect(found).toEqual([
      String.raw`0 error vendor-orphan vendor/github.com/stray/pkg (1 file) has no entry in vendor.conf: vndr would delete it; add an entry, remove it, or keep it as vendored by hand with "whitelist": ["^github\\.com[/\\\\]stray[/\\\\]pkg"] in .vendorfork.json`,
      '4 warning vendor-missing github.com/acme/never has no files under vendor/github.com/acme/never: run vendorfork sync, or remove the entry if it is unused',
    ]);
  });
});

describe('the pre-commit hook', () => {
  it('chains an existing hook, blocks a commit that fails the check, and uninstalls cleanly', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const hooks = path.join(project.dir, '.git/hooks');
    // The fixtures' repositories come from an empty template, with no hooks folder: the user's hook makes one.
    mkdirSync(hooks, { recursive: true });
    const marker = path.join(project.dir, '..', 'existing-hook-ran');
    const existing = `#!/bin/sh\necho ran >> "${marker}"\n`;
    writeFileSync(path.join(hooks, 'pre-commit'), existing);
    chmodSync(path.join(hooks, 'pre-commit'), 0o755);

    const install = await runBin(['hook', 'install'], { cwd: project.dir, env: project.env });
    expect(install.stdout).toBe(
      `✓ installed ${path.join(hooks, 'pre-commit')}\nthe existing hook now runs first, from ${path.join(hooks, 'pre-commit.vendorfork-chained')}\n`,
    );

    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '\n// a quick fix\n');
    add(project);
    const commit = spawnSync('git', ['commit', '-q', '-m', 'sneak a vendor edit in'], {
      cwd: project.dir,
      env: project.env,
      encoding: 'utf8',
    });
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('vendor-hand-edit');
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    expect(project.git.git(project.dir, 'log', '--format=%s', '-1')).toBe('Vendor with vndr');

    project.git.git(project.dir, 'checkout', '-q', 'HEAD', '--', UTIL);
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], { cwd: project.dir, env: project.env });
    add(project);
    const clean = spawnSync('git', ['commit', '-q', '-m', 'swarmkit from the fork'], {
      cwd: project.dir,
      env: project.env,
      encoding: 'utf8',
    });
    expect(clean.status).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');

    const uninstall = await runBin(['hook', 'uninstall'], { cwd: project.dir, env: project.env });
    expect(uninstall.stdout).toBe(`✓ uninstalled ${path.join(hooks, 'pre-commit')}\nrestored the hook it chained\n`);
    expect(readFileSync(path.join(hooks, 'pre-commit'), 'utf8')).toBe(existing);
    expect(existsSync(path.join(hooks, 'pre-commit.vendorfork-chained'))).toBe(false);
  });

  it('lets a commit that stages nothing the check reads through, without running it', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    await runBin(['hook', 'install'], { cwd: project.dir, env: project.env });
    const commit = (message: string, ...flags: string[]) =>
      spawnSync('git', ['commit', '-q', ...flags, '-m', message], {
        cwd: project.dir,
        env: project.env,
        encoding: 'utf8',
      });
    // A broken vendor.conf, committed past the hook: the check fails on it from now on.
    appendFileSync(path.join(project.dir, 'vendor.conf'), 'github.com/acme/broken\n');
    add(project);
    expect(commit('break vendor.conf', '--no-verify').status).toBe(0);

    writeFileSync(path.join(project.dir, 'NOTES.md'), 'nothing to do with vendoring\n');
    add(project);
    const unrelated = commit('notes');
    expect(unrelated.stdout + unrelated.stderr).toBe('');
    expect(unrelated.status).toBe(0);

    appendFileSync(path.join(project.dir, 'vendor.conf'), '# touched\n');
    add(project);
    const touching = commit('touch vendor.conf');
    expect(touching.status).not.toBe(0);
    expect(touching.stdout + touching.stderr).toContain('field-count');
  });

  it("warns at hook install of moby's hand-vendored archive/tar, whose whitelist line set then honours", async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    // moby vendored the standard library's archive/tar by hand, and its code imports it from there.
    const tar = path.join(project.dir, 'vendor/archive/tar');
    mkdirSync(tar, { recursive: true });
    for (const name of ['common.go', 'reader.go', 'writer.go'])
      writeFileSync(path.join(tar, name), `package tar\n\n// ${name}, patched\n`);
    writeFileSync(path.join(project.dir, 'tar.go'), 'package main\n\nimport "archive/tar"\n\nvar _ = tar.TypeReg\n');
    add(project);
    project.git.git(project.dir, 'commit', '-q', '-m', 'Vendor archive/tar by hand');

    const install = await runBin(['hook', 'install'], { cwd: project.dir, env: project.env });
    expect(install.code).toBe(0);
    expect(install.stdout.split('\n')[1]).toBe(
      String.raw`warning: vendor/archive/tar (3 files) has no entry in vendor.conf: vndr would delete it; add an entry, remove it, or keep it as vendored by hand with "whitelist": ["^archive[/\\\\]tar"] in .vendorfork.json`,
    );

    writeFileSync(path.join(project.dir, '.vendorfork.json'), String.raw`{"whitelist": ["^archive[/\\\\]tar"]}` + '\n');
    const before = readFileSync(path.join(tar, 'reader.go'), 'utf8');
    const set = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(set.code).toBe(0);
    // The partial vndr run keeps it (a full run without the whitelist would delete it).
    expect(readdirSync(tar).sort()).toEqual(['common.go', 'reader.go', 'writer.go']);
    expect(readFileSync(path.join(tar, 'reader.go'), 'utf8')).toBe(before);
    add(project);
    const checked = await staged(project);
    expect(checked.code).toBe(0);
    expect(checked.stdout).not.toContain('vendor-orphan');
    // And the hook has nothing more to say.
    expect((await runBin(['hook', 'install'], { cwd: project.dir, env: project.env })).stdout).not.toContain('warning');
  });

  it("names a hand edit of the new pin's files from the tree set kept, and says when it could not look", async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const set = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], {
      cwd: project.dir,
      env: project.env,
    });
    expect(set.code).toBe(0);
    // The fork's author, as in issue 12: the vendored fork does not compile, so one of its files is trimmed by hand.
    const fix = path.join(project.dir, 'vendor/github.com/docker/swarmkit/api/fix.go');
    const pristine = readFileSync(fix, 'utf8');
    writeFileSync(fix, pristine.replace('return 1', 'return 2'));
    add(project);

    // set kept F2's tree listing: the hook's own run names the file, with no network and no clone.
    const handEdit = `vendor.conf:3:31: error vendor-hand-edit 1 staged file under vendor/github.com/docker/swarmkit differs from github.com/docker/swarmkit at ${project.sha.F2.slice(0, 12)}, which vendor.conf now pins: a hand edit of vendored code (vendor/github.com/docker/swarmkit/api/fix.go); send the change to the fork and vendorfork set it again, or pass --allow-vendor-edits\n`;
    const repos = path.join(project.env.XDG_CACHE_HOME!, 'vendorfork/repos');
    const requests = project.github.requests.length;
    const warm = await staged(project);
    expect(warm.code).toBe(1);
    expect(warm.stdout).toContain(handEdit);
    expect(existsSync(repos)).toBe(false);
    expect(project.github.requests.length).toBe(requests);

    // Another clone, whose cache never saw F2 (or one cleared): it says what it did not compare, and how to.
    rmSync(path.join(project.env.XDG_CACHE_HOME!, 'vendorfork/trees'), { recursive: true, force: true });
    const cold = await staged(project);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain(
      `vendor.conf:3:31: warning vendor-unverified vendor/github.com/docker/swarmkit was not compared with the commit github.com/docker/swarmkit now pins (the tree of ${project.sha.F2.slice(0, 12)} is not in vendorfork's cache): run vendorfork verify github.com/docker/swarmkit, or check --staged --online\n`,
    );
    // --online fetches the tree as verify would, and names the file.
    const online = await staged(project, '--online');
    expect(online.code).toBe(1);
    expect(online.stdout).toContain(handEdit);

    // vndr's own result passes.
    writeFileSync(fix, pristine);
    add(project);
    expect(await staged(project)).toMatchObject({ code: 0, stdout: '✓ vendor.conf: no problems\n' });
  });

  it('honours core.hooksPath', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    project.git.git(project.dir, 'config', 'core.hooksPath', '.githooks');
    await runBin(['hook', 'install'], { cwd: project.dir, env: project.env });
    expect(readFileSync(path.join(project.dir, '.githooks/pre-commit'), 'utf8')).toContain('check --staged');
  });
});

describe.concurrent('verify with a real vndr-made vendor/', () => {
  it('passes a clean tree, and a second run clones nothing', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const first = await runCli(['verify', '--json'], { cwd: project.dir, env: project.env });
    expect(first.code).toBe(0);
    const firstJson = JSON.parse(first.stdout);
    expect(firstJson.entries.map((e: { status: string; fetched: boolean }) => `${e.status} ${e.fetched}`)).toEqual([
      'ok true',
      'ok true',
    ]);
    const second = JSON.parse((await runCli(['verify', '--json'], { cwd: project.dir, env: project.env })).stdout);
    expect(second.entries.map((e: { fetched: boolean }) => e.fetched)).toEqual([false, false]);
    expect((await runCli(['verify'], { cwd: project.dir, env: project.env })).stdout).toBe(
      '✓ 2 entries of vendor.conf: vendor/ matches the pinned commits\n',
    );
  });

  it('catches a hand-edited file and an added one, with the diff under --patch', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '// a quick fix\n');
    writeFileSync(path.join(project.dir, UTIL, 'extra.go'), 'package util\n');
    const result = await runCli(['verify', 'util', '--patch'], { cwd: project.dir, env: project.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✗ github.com/acme/util differs from https://github.com/acme/util@${project.utilSha.slice(0, 12)}:\n    modified ${UTIL}/util.go\n    added    ${UTIL}/extra.go\n`,
    );
    expect(result.stdout).toContain('+// a quick fix');
    expect(result.stdout).toContain('vendor.conf: 0 entries match, 1 differs, 0 not checked');
  });

  // verify takes blob ids from git's index where git vouches for the file: each of these edits must still show.
  it('is not fooled by the index: staged, same size and mtime, assume-unchanged', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const utilGo = path.join(project.dir, UTIL, 'util.go');
    const modified = async () =>
      JSON.parse((await runCli(['verify', 'util', '--json'], { cwd: project.dir, env: project.env })).stdout).entries[0]
        .modified;
    expect(await modified()).toEqual([]);
    const original = readFileSync(utilGo);

    // Staged: the index holds the edited blob.
    appendFileSync(utilGo, '// staged fix\n');
    add(project);
    expect(await modified()).toEqual([`${UTIL}/util.go`]);
    project.git.git(project.dir, 'checkout', '-q', 'HEAD', '--', UTIL);

    // Same size, same mtime: one byte swapped, then the timestamps put back.
    const { mtime, atime } = statSync(utilGo);
    const swapped = Buffer.from(original);
    swapped[swapped.length - 2] = swapped[swapped.length - 2] === 0x41 ? 0x42 : 0x41;
    writeFileSync(utilGo, swapped);
    utimesSync(utilGo, atime, mtime);
    expect(statSync(utilGo).size).toBe(original.length);
    expect(await modified()).toEqual([`${UTIL}/util.go`]);
    writeFileSync(utilGo, original);

    // Marked assume-unchanged: git stops looking, verify does not.
    project.git.git(project.dir, 'update-index', '--assume-unchanged', `${UTIL}/util.go`);
    appendFileSync(utilGo, '// hidden fix\n');
    expect(project.git.git(project.dir, 'status', '--porcelain', '--', UTIL)).toBe('');
    expect(await modified()).toEqual([`${UTIL}/util.go`]);
  });

  it('reads a pinned tree from the cache on a second run, with no git process for it', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const run = async () =>
      JSON.parse((await runCli(['verify', '--json'], { cwd: project.dir, env: project.env })).stdout);
    expect((await run()).ok).toBe(true);
    // Empty every cached clone's object store: only the cached listings can answer now.
    const repos = path.join(project.env.XDG_CACHE_HOME!, 'vendorfork/repos');
    for (const mirror of readdirSync(repos)) {
      rmSync(path.join(repos, mirror, 'objects'), { recursive: true, force: true });
      mkdirSync(path.join(repos, mirror, 'objects'));
    }
    const second = await run();
    expect(second.entries.map((e: { status: string; fetched: boolean }) => `${e.status} ${e.fetched}`)).toEqual([
      'ok false',
      'ok false',
    ]);
    // And the listings still catch an edit.
    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '// a quick fix\n');
    expect(
      (await run()).entries.find((e: { importPath: string }) => e.importPath === 'github.com/acme/util'),
    ).toMatchObject({ status: 'modified', modified: [`${UTIL}/util.go`] });
    // --patch needs the pinned blob, which the emptied clone lost: it fetches it again.
    const patched = await runCli(['verify', 'util', '--patch'], { cwd: project.dir, env: project.env });
    expect(patched.stdout).toContain('+// a quick fix');
    expect(patched.stdout).toContain(`--- github.com/acme/util@${project.utilSha.slice(0, 12)}/util.go`);
    expect(patched.stdout).not.toContain('no longer has');
  });

  it("takes the names set takes: short names, the project's own, and the last element of one entry", async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    writeFileSync(
      path.join(project.dir, '.vendorfork.json'),
      JSON.stringify({ shortNames: { acme: 'github.com/acme/util' } }),
    );
    const names = async (...args: string[]) => {
      const result = await runCli(['verify', ...args, '--json'], { cwd: project.dir, env: project.env });
      return result.code === 0
        ? JSON.parse(result.stdout).entries.map((e: { importPath: string }) => e.importPath)
        : result.stderr;
    };
    expect(await names('acme')).toEqual(['github.com/acme/util']);
    expect(await names('swarmkit', 'util')).toEqual(['github.com/acme/util', 'github.com/docker/swarmkit']);
    expect(await names('github.com/docker/swarmkit')).toEqual(['github.com/docker/swarmkit']);
    expect(await names('moby')).toBe('vendorfork: github.com/docker/docker: not in vendor.conf\n');
    expect(await names('nosuch')).toBe(
      'vendorfork: nosuch is not an entry of vendor.conf nor a known short name: write the full import path (github.com/OWNER/REPO)\n',
    );
  });

  it('tells what differs from what could not be checked: with the network gone, and with a pin that names nothing', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const verify = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      runCli(['verify', ...args], { cwd: project.dir, env });
    // util's tree listing is cached by a first run; swarmkit's is not.
    expect((await verify(project.env, 'util')).code).toBe(0);

    // The network gone: every https://github.com/ URL leads to a port where nothing listens.
    const offline = path.join(path.dirname(project.dir), 'gitconfig-offline');
    writeFileSync(offline, '[url "https://127.0.0.1:1/"]\n\tinsteadOf = https://github.com/\n');
    const gone = { ...project.env, GIT_CONFIG_GLOBAL: offline };
    const result = await verify(gone);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^\? not checked, could not reach github\.com \(Failed to connect to 127\.0\.0\.1 port 1[^)]*\): github\.com\/docker\/swarmkit\nvendor\.conf: 1 entry matches, 0 differ, 1 not checked\n$/,
    );
    const json = JSON.parse((await verify(gone, '--json')).stdout);
    expect(json.counts).toEqual({ match: 1, differ: 0, unchecked: 1 });
    expect(json.entries[1]).toMatchObject({ status: 'unchecked', reason: 'unreachable' });

    // What can be checked still is: a hand edit shows, and outranks what was not checked.
    appendFileSync(path.join(project.dir, UTIL, 'util.go'), '// fix\n');
    const edited = await verify(gone);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('vendor.conf: 0 entries match, 1 differs, 1 not checked\n');
    project.git.git(project.dir, 'checkout', '-q', 'HEAD', '--', UTIL);

    // Network back, a pin to a tag the repository does not have: not checked either, for its own reason.
    writeFileSync(
      path.join(project.dir, 'vendor.conf'),
      readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8').replace(project.sha.C, 'v9.9.9'),
    );
    const missing = await verify(project.env, '--json');
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout).entries[1]).toMatchObject({
      status: 'unchecked',
      reason: 'no-ref',
      error: 'https://github.com/docker/swarmkit has no commit, tag or branch v9.9.9',
    });
  });

  it('verifies a fork pin after set', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], { cwd: project.dir, env: project.env });
    const result = JSON.parse(
      (await runCli(['verify', 'swarmkit', '--json'], { cwd: project.dir, env: project.env })).stdout,
    );
    expect(result.entries).toMatchObject([
      {
        importPath: 'github.com/docker/swarmkit',
        repository: 'https://github.com/cirocosta/swarmkit',
        sha: project.sha.F2,
        status: 'ok',
      },
    ]);
  });
});
