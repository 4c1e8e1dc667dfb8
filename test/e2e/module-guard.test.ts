import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { runBin, runCli } from '../helpers/cli.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// The pre-commit guard on a module project vendored by the real go mod vendor: what each commit stages,
// read from the index.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);
const LIB2 = 'vendor/github.com/acme/lib2/v2/lib2.go';

const stageAll = (world: ModuleWorld, dir = world.dir) => world.git.git(dir, 'add', '-A');
async function staged(world: ModuleWorld, dir = world.dir, ...flags: string[]) {
  const result = await runCli(['check', '--staged', '--json', ...flags], { cwd: dir, env: world.env });
  const json = JSON.parse(result.stdout) as {
    diagnostics: { line: number; severity: string; code: string; message: string; files?: string[] }[];
  };
  return {
    code: result.code,
    found: json.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.message}`),
    json,
  };
}

describe.concurrent('check --staged on a module project', { timeout: 60_000 }, () => {
  it('passes a clean fork move, go.mod and vendor/ staged together, in both layouts', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    for (const dir of [world.dir, world.mobyDir]) {
      const set = await runCli(['set', 'lib', 'me/lib@feature'], { cwd: dir, env: world.env });
      expect(set.code, set.stderr).toBe(0);
      stageAll(world, dir);
      expect(await staged(world, dir)).toMatchObject({ code: 0, found: [] });
    }
  });

  it('names a hand edit of a module that did not move, by file', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    appendFileSync(path.join(world.dir, LIB2), '\n// a quick fix\n');
    stageAll(world);
    const { code, found, json } = await staged(world);
    expect(code).toBe(1);
    expect(found).toEqual([
      `7 error vendor-hand-edit vendor/github.com/acme/lib2/v2 is not what go mod vendor copies from github.com/acme/lib2/v2@v2.0.0: 1 file differs from it (${LIB2}); a hand edit of vendored code: send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
    ]);
    expect(json.diagnostics[0]!.files).toEqual([LIB2]);
    expect((await staged(world, world.dir, '--allow-vendor-edits')).code).toBe(0);
  });

  it("names a hand edit of the moved module's files, against its content at the new version", async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const set = await runCli(['set', 'lib', 'me/lib@feature', '--json'], { cwd: world.dir, env: world.env });
    const version = JSON.parse(set.stdout).pin.ref as string;
    appendFileSync(path.join(world.dir, 'vendor/github.com/acme/lib/lib.go'), '\n// trimmed to compile\n');
    stageAll(world);
    const { code, found } = await staged(world);
    expect(code).toBe(1);
    expect(found).toEqual([
      `12 error vendor-hand-edit vendor/github.com/acme/lib is not what go mod vendor copies from github.com/me/lib@${version}: 1 file differs from it (vendor/github.com/acme/lib/lib.go); a hand edit of vendored code: send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
    ]);
  });

  it('refuses a go.mod change staged without vendor/', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env })).code).toBe(0);
    world.git.git(world.dir, 'add', 'go.mod', 'go.sum');
    const { code, found } = await staged(world);
    expect(code).toBe(1);
    expect(found).toEqual([
      '12 error vendor-not-updated github.com/acme/lib changed (forked) in go.mod but vendor/modules.txt is not staged with it: run vendorfork sync (or go mod vendor), then git add -A vendor',
    ]);
  });

  it('refuses a vendor/modules.txt that disagrees with go.mod, as go would', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const txt = path.join(world.dir, 'vendor/modules.txt');
    writeFileSync(
      txt,
      readFileSync(txt, 'utf8').replace('# github.com/acme/rpc v1.1.0', '# github.com/acme/rpc v1.0.0'),
    );
    stageAll(world);
    const { code, found } = await staged(world);
    expect(code).toBe(1);
    expect(found).toEqual([
      '10 error vendor-inconsistent github.com/acme/rpc is required at v1.1.0 in go.mod, but vendor/modules.txt has v1.0.0: run go mod vendor, then git add -A vendor',
    ]);
    // go agrees: it refuses to build from this vendor/.
    const built = spawnSync('go', ['build', '-mod=vendor', './...'], {
      cwd: world.dir,
      env: { ...world.env, GOFLAGS: '' },
      encoding: 'utf8',
    });
    expect(built.stderr).toContain('inconsistent vendoring');
  });

  it('the hook: an unrelated commit passes without starting Node; a go.mod commit is checked', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    expect((await runBin(['hook', 'install'], { cwd: world.dir, env: world.env })).code).toBe(0);
    const commit = (message: string, ...flags: string[]) =>
      spawnSync('git', ['commit', '-q', ...flags, '-m', message], { cwd: world.dir, env: world.env, encoding: 'utf8' });
    // A go.mod the check refuses, committed past the hook: from now on the check fails whenever it runs.
    appendFileSync(path.join(world.dir, 'go.mod'), '\nreplace github.com/acme/lib2/v2 => github.com/me/lib2 v2.0.1\n');
    stageAll(world);
    expect(commit('break go.mod', '--no-verify').status).toBe(0);

    writeFileSync(path.join(world.dir, 'NOTES.md'), 'nothing to do with vendoring\n');
    stageAll(world);
    const unrelated = commit('notes');
    expect(unrelated.stdout + unrelated.stderr).toBe('');
    expect(unrelated.status).toBe(0);

    appendFileSync(path.join(world.dir, 'go.sum'), '');
    appendFileSync(path.join(world.dir, 'go.mod'), '// touched\n');
    stageAll(world);
    const touching = commit('touch go.mod');
    expect(touching.status).not.toBe(0);
    expect(touching.stdout + touching.stderr).toContain('replace-major-suffix');
  });
});

describe.concurrent('verify on a module project', { timeout: 60_000 }, () => {
  const verify = (world: ModuleWorld, dir: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
    runCli(['verify', ...args], { cwd: dir, env });

  it('passes a clean tree, names a hand edit, and a second run needs no network', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env })).code).toBe(0);
    // A module cache of its own, empty: the first run downloads each module version, through git.
    const env = { ...world.env, GOMODCACHE: path.join(world.git.root, 'verify-modcache') };
    const first = await verify(world, world.dir, env, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).entries.map((e: { fetched: boolean }) => e.fetched)).toEqual([true, true, true]);
    const clean = await verify(world, world.dir, env);
    expect(clean).toEqual({
      code: 0,
      stdout: '✓ 3 modules of go.mod: vendor/ matches the pinned versions\n',
      stderr: '',
    });

    appendFileSync(path.join(world.dir, LIB2), '\n// a quick fix\n');
    writeFileSync(path.join(world.dir, 'vendor/github.com/acme/rpc/extra.go'), 'package rpc\n');
    // No network from here: git reaches nothing, and go may not download.
    const cut = {
      ...world.env,
      GOPROXY: 'off',
      GIT_CONFIG_PARAMETERS: "'url.https://127.0.0.1:1/.insteadof'='https://github.com/'",
    };
    const edited = await verify(world, world.dir, cut, '--json');
    expect(edited.code).toBe(1);
    const json = JSON.parse(edited.stdout) as {
      counts: object;
      entries: {
        importPath: string;
        status: string;
        modified: string[];
        added: string[];
        fetched: boolean;
        ref: string;
        repository: string;
      }[];
    };
    expect(json.counts).toEqual({ match: 1, differ: 2, unchecked: 0 });
    expect(
      json.entries.map((e) => [e.importPath, e.status, e.repository, e.ref, e.modified, e.added, e.fetched]),
    ).toEqual([
      [
        'github.com/acme/lib',
        'ok',
        'github.com/me/lib',
        expect.stringMatching(new RegExp(`^v1\\.1\\.1-0\\.\\d{14}-${world.sha.F.slice(0, 12)}$`)),
        [],
        [],
        false,
      ],
      ['github.com/acme/lib2/v2', 'modified', 'github.com/acme/lib2/v2', 'v2.0.0', [`${LIB2}`], [], false],
      [
        'github.com/acme/rpc',
        'modified',
        'github.com/acme/rpc',
        'v1.1.0',
        [],
        ['vendor/github.com/acme/rpc/extra.go'],
        false,
      ],
    ]);
    const text = await verify(world, world.dir, cut, 'lib2', '--patch');
    expect(text.stdout).toContain(
      `✗ github.com/acme/lib2/v2 differs from github.com/acme/lib2/v2@v2.0.0:\n    modified ${LIB2}\n`,
    );
    expect(text.stdout).toContain('+// a quick fix');
  });

  it('says what it could not check when the module cache is cold and go cannot download', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const cold = { ...world.env, GOMODCACHE: path.join(world.git.root, 'empty-modcache'), GOPROXY: 'off' };
    const result = await verify(world, world.mobyDir, cold, '--json');
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as { counts: object; entries: { status: string; error: string }[] };
    expect(json.counts).toEqual({ match: 0, differ: 0, unchecked: 3 });
    expect(json.entries[0]!.error).toMatch(/^go mod download failed: /);
  });
});
