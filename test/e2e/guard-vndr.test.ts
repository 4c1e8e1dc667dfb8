import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshGoProject, type GoProject } from '../helpers/go-project.js';

/**
 * The guard and verify judge vendor/ against what vndr would have made of vendor.conf (issue 19): these
 * tests let the real vndr v0.1.2 make vendor/, then stage what a person would, and ask both.
 */
const fresh = (onTestFinished: TestContext['onTestFinished']) =>
  freshGoProject(onTestFinished, 'vendorfork-guard-vndr-');

const staged = (project: GoProject, ...extra: string[]) =>
  runCli(['check', '--staged', '--json', ...extra], { cwd: project.dir, env: project.env });
const add = (project: GoProject) => project.git.git(project.dir, 'add', '-A');
const commit = (project: GoProject, message: string) => project.git.git(project.dir, 'commit', '-q', '-m', message);
const vndr = (project: GoProject, ...args: string[]) =>
  execFileSync(project.vndr, args, { cwd: project.dir, env: project.env, stdio: 'pipe' });
const UTIL = 'vendor/github.com/acme/util';
const SWARMKIT = 'vendor/github.com/docker/swarmkit';

/** What check --staged --json said, one line per diagnostic: severity, code, files. */
async function verdict(project: GoProject, ...extra: string[]): Promise<{ code: number; found: string[] }> {
  const result = await staged(project, ...extra);
  const { diagnostics } = JSON.parse(result.stdout) as {
    diagnostics: { severity: string; code: string; files?: string[] }[];
  };
  return { code: result.code, found: diagnostics.map((d) => `${d.severity} ${d.code} ${(d.files ?? []).join(' ')}`) };
}

function writeMain(project: GoProject, imports: string[]): void {
  const lines = imports.map((name) => `\t_ "${name}"\n`).join('');
  writeFileSync(path.join(project.dir, 'main.go'), `package main\n\nimport (\n${lines})\n\nfunc main() {}\n`);
}

/** A new commit of acme/util, pushed to the repository https://github.com/acme/util reaches. */
function newUtilCommit(project: GoProject, files: Record<string, string | null>): string {
  const work = path.join(project.git.root, 'work', 'acme-util');
  const sha = project.git.commit(work, files, 'util: more');
  project.git.git(work, 'push', '-q', path.join(project.reposDir, 'acme/util.git'), 'HEAD');
  return sha;
}

function pin(project: GoProject, sha: string): void {
  const conf = path.join(project.dir, 'vendor.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace(project.utilSha, sha));
}

describe('check --staged judges vendor/ by what vndr keeps', () => {
  it("passes vndr's own result after a move (pruned package, build-ignored file) and catches a hand deletion beside it", async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    // HEAD vendors two packages of util.
    writeMain(project, ['github.com/acme/util', 'github.com/acme/util/unused', 'github.com/docker/swarmkit/api']);
    vndr(project);
    add(project);
    commit(project, 'Use util/unused');
    expect(readFileSync(path.join(project.dir, UTIL, 'unused/unused.go'), 'utf8')).toBe('package unused\n');

    // The move: util at a new commit with a new file and a generator vndr drops (// +build ignore), and the
    // project no longer imports util/unused, so vndr prunes that package.
    const sha = newUtilCommit(project, {
      'util.go': 'package util\n\nfunc Util() string { return "v2" }\n',
      'more.go': 'package util\n\nfunc More() {}\n',
      'gen.go': '// +build ignore\n\npackage main\n\nfunc main() {}\n',
    });
    pin(project, sha);
    writeMain(project, ['github.com/acme/util', 'github.com/docker/swarmkit/api']);
    vndr(project, 'github.com/acme/util');
    add(project);
    expect(project.git.git(project.dir, 'diff', '--cached', '--name-status', '--', UTIL).split('\n').sort()).toEqual([
      `A\t${UTIL}/more.go`,
      `D\t${UTIL}/unused/unused.go`,
      `M\t${UTIL}/util.go`,
    ]);
    // Offline and cold, the new pin's tree is not known: said, not refused.
    expect(await verdict(project)).toEqual({ code: 0, found: ['warning vendor-unverified '] });
    // Online, it is compared: vndr's own result passes, pruned package and dropped generator included.
    expect(await verdict(project, '--online')).toEqual({ code: 0, found: [] });
    // And now offline too, from the tree kept by commit id.
    expect(await verdict(project)).toEqual({ code: 0, found: [] });

    // A hand deletion in the package vndr kept: a file new in this pin, and one HEAD had.
    project.git.git(project.dir, 'rm', '-q', '--cached', `${UTIL}/more.go`, `${UTIL}/LICENSE`);
    const deleted = await verdict(project);
    expect(deleted).toEqual({
      code: 1,
      found: [`error vendor-hand-deletion ${UTIL}/LICENSE ${UTIL}/more.go`],
    });
    const text = await runCli(['check', '--staged'], { cwd: project.dir, env: project.env });
    expect(text.stdout).toContain(
      `vendor.conf:2:31: error vendor-hand-deletion 2 files of github.com/acme/util at ${sha.slice(0, 12)} are missing from ${UTIL}, though vndr keeps the directories of the packages it vendors whole: a hand deletion (${UTIL}/LICENSE, ${UTIL}/more.go); restore them (git checkout, or vendorfork sync) and git add them, or pass --allow-vendor-edits`,
    );
    expect((await verdict(project, '--allow-vendor-edits')).code).toBe(0);
  });

  it('passes an entry removed with its files, and the pruning of an entry that did not move; catches a deletion from a package that stays', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    writeMain(project, ['github.com/acme/util', 'github.com/acme/util/unused', 'github.com/docker/swarmkit/api']);
    vndr(project);
    add(project);
    commit(project, 'Use util/unused');

    // util/unused no longer imported, util's line unchanged: a full vndr run deletes that package.
    writeMain(project, ['github.com/acme/util', 'github.com/docker/swarmkit/api']);
    vndr(project);
    add(project);
    expect(project.git.git(project.dir, 'diff', '--cached', '--name-only', '--', 'vendor')).toBe(
      `${UTIL}/unused/unused.go`,
    );
    expect(await verdict(project)).toEqual({ code: 0, found: [] });
    // A file deleted from a package vndr keeps, under an entry that did not move: HEAD had it, so vndr kept it.
    project.git.git(project.dir, 'rm', '-q', '--cached', `${SWARMKIT}/api/types.go`);
    expect(await verdict(project)).toEqual({ code: 1, found: [`error vendor-hand-deletion ${SWARMKIT}/api/types.go`] });
    project.git.git(project.dir, 'reset', '-q', 'HEAD', '--', SWARMKIT);
    commit(project, 'Stop using util/unused');

    // The entry removed and its files deleted, as vndr leaves it.
    writeMain(project, ['github.com/docker/swarmkit/api']);
    const conf = path.join(project.dir, 'vendor.conf');
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('github.com/acme/util'))
        .join('\n'),
    );
    vndr(project);
    add(project);
    expect(project.git.git(project.dir, 'ls-files', '--', UTIL)).toBe('');
    expect(await verdict(project)).toEqual({ code: 0, found: [] });
  });

  it('takes a package newly vendored under an entry that did not move for a full vndr run, and compares it once the tree is known', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    // The project starts importing util/unused; a full vndr run vendors it, util's line unchanged.
    writeMain(project, ['github.com/acme/util', 'github.com/acme/util/unused', 'github.com/docker/swarmkit/api']);
    vndr(project);
    add(project);
    expect(project.git.git(project.dir, 'diff', '--cached', '--name-status', '--', 'vendor')).toBe(
      `A\t${UTIL}/unused/unused.go`,
    );
    // util's tree is not in the cache: a package directory HEAD did not have is said, not refused.
    expect(await verdict(project)).toEqual({ code: 0, found: [`warning vendor-unverified ${UTIL}/unused/unused.go`] });
    // Once verify has kept it, it is compared: the pin's file passes, anything else does not.
    expect((await runCli(['verify', 'util'], { cwd: project.dir, env: project.env })).code).toBe(0);
    expect(await verdict(project)).toEqual({ code: 0, found: [] });
    writeFileSync(path.join(project.dir, UTIL, 'unused/unused.go'), 'package unused\n\n// patched\n');
    add(project);
    expect(await verdict(project)).toEqual({ code: 1, found: [`error vendor-hand-edit ${UTIL}/unused/unused.go`] });
  });

  it('says, not refuses, a moved entry whose vendored files vndr left as they were, when the new pin is not known', async ({
    onTestFinished,
  }) => {
    // moby 27cc170d28: two entries moved, vndr changed the files of one; the other's new pin vendors the same
    // files. Here swarmkit moves from C to v1.1.0 (the same commit) beside a real move of util.
    const project = await fresh(onTestFinished);
    const sha = newUtilCommit(project, { 'util.go': 'package util\n\nfunc Util() string { return "v2" }\n' });
    pin(project, sha);
    const conf = path.join(project.dir, 'vendor.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(project.sha.C, 'v1.1.0'));
    vndr(project);
    add(project);
    expect(project.git.git(project.dir, 'diff', '--cached', '--name-only', '--', 'vendor')).toBe(`${UTIL}/util.go`);
    // Neither new pin is in the cache: both said, neither refused.
    const cold = await staged(project);
    expect(cold.code).toBe(0);
    const diagnostics = (
      JSON.parse(cold.stdout) as { diagnostics: { severity: string; code: string; message: string }[] }
    ).diagnostics;
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual([
      'warning vendor-unverified',
      'warning vendor-unverified',
    ]);
    expect(diagnostics[1]!.message).toContain(
      `github.com/docker/swarmkit changed (ref) and nothing under ${SWARMKIT} is staged, which is right only if vndr changes nothing there`,
    );
    // Once verify knows both pins, it is compared, and passes.
    expect((await runCli(['verify'], { cwd: project.dir, env: project.env })).code).toBe(0);
    expect(await verdict(project)).toEqual({ code: 0, found: [] });
    // A commit that stages nothing under vendor/ at all never ran vndr: refused, pins known or not.
    project.git.git(project.dir, 'reset', '-q', 'HEAD', '--', 'vendor');
    expect(await verdict(project)).toEqual({ code: 1, found: ['error vendor-not-updated '] });
  });

  it('compares a tag pin offline once verify has resolved it', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const conf = path.join(project.dir, 'vendor.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(project.sha.C, 'v1.0.0'));
    vndr(project, 'github.com/docker/swarmkit');
    add(project);
    expect(project.git.git(project.dir, 'diff', '--cached', '--name-only', '--', 'vendor')).toBe(
      `${SWARMKIT}/api/types.go`,
    );
    expect(await verdict(project)).toEqual({ code: 0, found: ['warning vendor-unverified '] });
    // verify resolves v1.0.0 in its clone and keeps the commit it named: the hook then compares, offline.
    expect((await runCli(['verify', 'swarmkit'], { cwd: project.dir, env: project.env })).code).toBe(0);
    expect(await verdict(project)).toEqual({ code: 0, found: [] });
    project.git.git(project.dir, 'rm', '-q', '--cached', `${SWARMKIT}/api/api.go`);
    expect(await verdict(project)).toEqual({ code: 1, found: [`error vendor-hand-deletion ${SWARMKIT}/api/api.go`] });
  });

  it('warns of an orphan already in HEAD and left alone, refuses one the commit adds', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    // moby's go-difflib: in vendor/, in no entry, committed long ago; imported, so vndr keeps it.
    const difflib = path.join(project.dir, 'vendor/github.com/pmezard/go-difflib/difflib');
    mkdirSync(difflib, { recursive: true });
    writeFileSync(path.join(difflib, 'difflib.go'), 'package difflib\n');
    writeMain(project, [
      'github.com/acme/util',
      'github.com/docker/swarmkit/api',
      'github.com/pmezard/go-difflib/difflib',
    ]);
    add(project);
    commit(project, 'Vendor go-difflib by hand');

    // A vendoring commit that does not touch it: set moves swarmkit, with vndr.
    const set = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], {
      cwd: project.dir,
      env: project.env,
    });
    expect(set.code).toBe(0);
    add(project);
    const result = await runCli(['check', '--staged'], { cwd: project.dir, env: project.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      String.raw`vendor.conf: warning vendor-orphan vendor/github.com/pmezard/go-difflib/difflib (1 file) has no entry in vendor.conf: vndr would delete it; add an entry, remove it, or keep it as vendored by hand with "whitelist": ["^github\\.com[/\\\\]pmezard[/\\\\]go-difflib[/\\\\]difflib"] in .vendorfork.json (already in HEAD; untouched by this commit)` +
        '\nvendor.conf: 0 errors, 1 warning\n',
    );
    // A file added beside it is maintenance of a directory kept by hand (still a warning, saying so); a new
    // orphan directory is this commit's doing, refused.
    writeFileSync(path.join(difflib, 'extra.go'), 'package difflib\n');
    const stray = path.join(project.dir, 'vendor/github.com/stray/pkg');
    mkdirSync(stray, { recursive: true });
    writeFileSync(path.join(stray, 'x.go'), 'package pkg\n');
    add(project);
    expect(await verdict(project)).toEqual({
      code: 1,
      found: [
        'warning vendor-orphan vendor/github.com/pmezard/go-difflib/difflib/difflib.go vendor/github.com/pmezard/go-difflib/difflib/extra.go',
        'error vendor-orphan vendor/github.com/stray/pkg/x.go',
      ],
    });
    const text = await runCli(['check', '--staged'], { cwd: project.dir, env: project.env });
    expect(text.stdout).toContain('.vendorfork.json (already in HEAD; this commit changes 1 file of it)\n');
  });
});

describe('verify names what is missing', () => {
  it('exits 1 on a deleted vendored file and a deleted entry directory, and never prints the ✓ line', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    rmSync(path.join(project.dir, UTIL, 'LICENSE'));
    rmSync(path.join(project.dir, SWARMKIT), { recursive: true });
    const result = await runCli(['verify'], { cwd: project.dir, env: project.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `✗ github.com/acme/util differs from https://github.com/acme/util@${project.utilSha.slice(0, 12)}:`,
        `    missing  ${UTIL}/LICENSE`,
        `✗ github.com/docker/swarmkit differs from https://github.com/docker/swarmkit@${project.sha.C.slice(0, 12)}:`,
        `    missing  ${SWARMKIT}`,
        'vendor.conf: 0 entries match, 2 differ (2 paths missing), 0 not checked',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runCli(['verify', '--json'], { cwd: project.dir, env: project.env })).stdout);
    expect(json.entries.map((e: { status: string; missing: string[] }) => [e.status, e.missing])).toEqual([
      ['modified', [`${UTIL}/LICENSE`]],
      ['modified', [SWARMKIT]],
    ]);
    // What vndr itself leaves out (tests, docs, the package nothing imports) is not missing.
    execFileSync('git', ['checkout', '-q', 'HEAD', '--', 'vendor'], { cwd: project.dir, env: project.env });
    expect((await runCli(['verify'], { cwd: project.dir, env: project.env })).code).toBe(0);
  });
});
