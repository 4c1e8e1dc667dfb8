import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { parseModulesTxt } from '../../src/formats/gomod/core/modules-txt.js';
import { expectedModule } from '../../src/formats/gomod/vendor-tree.js';
import { runBin, runCli } from '../helpers/cli.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// Issue 19: the guard and verify judge vendor/ against the tree go mod vendor writes, whatever moved. Each
// case is made by the real go (go get, go mod tidy, go mod vendor) from real repositories, and the expected
// tree is checked against go's own `go mod vendor -o`.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);

/**
 * acme/multi v1.0.0: packages a and b, both imported by the app, and c, which nothing imports. What go
 * mod vendor keeps and leaves out: test files, `ignore`-tagged files in both syntaxes (a file for another
 * OS stays), data files beside the code (one that the module's own .gitignore keeps out of git's index), LICENSE and NOTICE from the root, README.md not, and b's embeds in
 * a subdirectory (a glob and a directory, whose `_` file is skipped).
 */
function hostMulti(world: ModuleWorld): void {
  const multi = world.git.init('acme-multi', {
    'go.mod': 'module github.com/acme/multi\n\ngo 1.20\n',
    LICENSE: 'MIT\n',
    NOTICE: 'notice\n',
    'README.md': '# multi\n',
    'a/a.go': 'package a\n\nfunc A() string { return "a" }\n',
    'a/a_test.go': 'package a\n',
    'a/gen.go': '//go:build ignore\n\npackage main\n',
    'a/old_gen.go': '// +build ignore\n\npackage main\n',
    'a/only_linux.go': '//go:build linux && !cgo\n\npackage a\n',
    'a/table.dat': 'data\n',
    // go vendors it, and git add never stages what a vendored .gitignore excludes: the guard must not ask for it.
    'a/.gitignore': 'table.dat\n',
    'b/b.go':
      'package b\n\nimport "embed"\n\n//go:embed static/*.txt\nvar Static embed.FS\n\n//go:embed tmpl-dir\nvar Templates embed.FS\n\nfunc B() string { return "b" }\n',
    'b/static/x.txt': 'x\n',
    'b/static/y.md': 'y\n',
    'b/tmpl-dir/one.txt': 'one\n',
    'b/tmpl-dir/_draft.txt': 'draft\n',
    'c/c.go': 'package c\n',
  });
  world.git.git(multi, 'tag', 'v1.0.0');
  world.git.bare(multi, path.join(world.reposDir, 'acme/multi.git'));
}

const go = (world: ModuleWorld, dir: string, ...args: string[]) =>
  execFileSync('go', args, { cwd: dir, env: world.env, stdio: 'pipe', encoding: 'utf8' });
const stageAll = (world: ModuleWorld, dir = world.dir) => world.git.git(dir, 'add', '-A');

async function staged(world: ModuleWorld, dir = world.dir) {
  const result = await runCli(['check', '--staged', '--json'], { cwd: dir, env: world.env });
  const json = JSON.parse(result.stdout) as {
    diagnostics: { line: number; severity: string; code: string; message: string; files?: string[] }[];
  };
  return { code: result.code, found: json.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`), json };
}

/** The files (relative to vendor/, modules.txt aside) go mod vendor -o writes, offline. */
function goVendorTree(world: ModuleWorld, dir: string): string[] {
  const out = path.join(world.git.root, `go-vendor-${path.basename(dir)}`);
  rmSync(out, { recursive: true, force: true });
  execFileSync('go', ['mod', 'vendor', '-o', out], { cwd: dir, env: { ...world.env, GOPROXY: 'off' }, stdio: 'pipe' });
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((file) => file !== 'modules.txt')
    .sort();
}

async function expectedTree(world: ModuleWorld, dir: string, goVersion: string): Promise<string[]> {
  const list = parseModulesTxt(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8'));
  const files: string[] = [];
  for (const module of list.versions.keys()) {
    const found = await expectedModule(module, list, goVersion, { projectDir: dir, env: world.env });
    expect(found.ok, module).toBe(true);
    if (found.ok) files.push(...found.files.keys());
  }
  return files.sort();
}

describe.concurrent('the expected vendor/ tree, on module projects', { timeout: 60_000 }, () => {
  it("is go mod vendor's; a package no longer imported, then the module removed, pass the guard", async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    hostMulti(world);
    const uses = (...pkgs: string[]) =>
      writeFileSync(
        path.join(world.dir, 'multi.go'),
        `package main\n\nimport (\n${pkgs.map((p) => `\t_ "github.com/acme/multi/${p}"\n`).join('')})\n`,
      );
    uses('a', 'b');
    go(world, world.dir, 'get', 'github.com/acme/multi@v1.0.0');
    go(world, world.dir, 'mod', 'tidy');
    go(world, world.dir, 'mod', 'vendor');
    const multi = (await expectedTree(world, world.dir, '1.20')).filter((f) => f.startsWith('github.com/acme/multi/'));
    expect(multi).toEqual(
      [
        'LICENSE',
        'NOTICE',
        'a/.gitignore',
        'a/a.go',
        'a/only_linux.go',
        'a/table.dat',
        'b/b.go',
        'b/static/x.txt',
        'b/tmpl-dir/one.txt',
      ].map((f) => `github.com/acme/multi/${f}`),
    );
    expect(await expectedTree(world, world.dir, '1.20')).toEqual(goVendorTree(world, world.dir));
    stageAll(world);
    expect(await staged(world)).toMatchObject({ code: 0, found: [] });
    world.git.git(world.dir, 'commit', '-q', '-m', 'vendor multi');

    // b is no longer imported: go mod vendor deletes its files, and modules.txt no longer lists it.
    uses('a');
    go(world, world.dir, 'mod', 'tidy');
    go(world, world.dir, 'mod', 'vendor');
    stageAll(world);
    const dropped = world.git.git(world.dir, 'diff', '--cached', '--name-status', '--', 'vendor');
    expect(dropped).toContain('D\tvendor/github.com/acme/multi/b/b.go');
    expect(await staged(world)).toMatchObject({ code: 0, found: [] });
    world.git.git(world.dir, 'commit', '-q', '-m', 'drop multi/b');

    // Nothing imports multi: tidy drops the requirement, go mod vendor the module's files.
    rmSync(path.join(world.dir, 'multi.go'));
    go(world, world.dir, 'mod', 'tidy');
    go(world, world.dir, 'mod', 'vendor');
    stageAll(world);
    expect(world.git.git(world.dir, 'diff', '--cached', '--name-status', '--', 'vendor')).toContain(
      'D\tvendor/github.com/acme/multi/LICENSE',
    );
    expect(await staged(world)).toMatchObject({ code: 0, found: [] });
  });

  it('passes go 1.16 moving an indirect module only in modules.txt, and catches a hand deletion there', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const dir = path.join(world.git.root, 'old');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'go.mod'),
      'module example.com/old\n\ngo 1.16\n\nrequire github.com/acme/lib v1.0.0\n',
    );
    writeFileSync(
      path.join(dir, 'main.go'),
      'package main\n\nimport "github.com/acme/lib"\n\nfunc main() { println(lib.V()) }\n',
    );
    go(world, dir, 'mod', 'tidy');
    go(world, dir, 'mod', 'vendor');
    world.git.git(dir, 'init', '-q');
    stageAll(world, dir);
    world.git.git(dir, 'commit', '-q', '-m', 'vendor');
    go(world, dir, 'get', 'github.com/acme/lib@v1.1.0');
    go(world, dir, 'mod', 'tidy');
    go(world, dir, 'mod', 'vendor');
    // Before go 1.17, go.mod lists no indirect module: rpc moves in vendor/modules.txt alone.
    expect(readFileSync(path.join(dir, 'go.mod'), 'utf8')).not.toContain('acme/rpc');
    expect(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8')).toContain('# github.com/acme/rpc v1.1.0');
    // ...and go 1.16 vendors the modules' go.mod files too.
    expect(await expectedTree(world, dir, '1.16')).toEqual(goVendorTree(world, dir));
    expect(await expectedTree(world, dir, '1.16')).toContain('github.com/acme/rpc/go.mod');
    stageAll(world, dir);
    expect(await staged(world, dir)).toMatchObject({ code: 0, found: [] });

    world.git.git(dir, 'rm', '-q', '--cached', 'vendor/github.com/acme/rpc/rpc.go');
    const { code, found } = await staged(world, dir);
    expect(code).toBe(1);
    expect(found).toEqual([
      'error vendor-hand-edit vendor/github.com/acme/rpc is not what go mod vendor copies from github.com/acme/rpc@v1.1.0: 1 file it copies is missing (vendor/github.com/acme/rpc/rpc.go); a hand edit of vendored code: send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits',
    ]);
  });

  it('catches a hand deletion under a moved module, and an added file under one that did not move', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env })).code).toBe(0);
    stageAll(world);
    world.git.git(world.dir, 'rm', '-q', '--cached', 'vendor/github.com/acme/lib/lib.go');
    writeFileSync(path.join(world.dir, 'vendor/github.com/acme/rpc/extra.go'), 'package rpc\n');
    world.git.git(world.dir, 'add', 'vendor/github.com/acme/rpc/extra.go');
    const { code, json } = await staged(world);
    expect(code).toBe(1);
    expect(json.diagnostics.map((d) => [d.severity, d.code, d.files])).toEqual([
      ['error', 'vendor-hand-edit', ['vendor/github.com/acme/rpc/extra.go']],
      ['error', 'vendor-hand-edit', ['vendor/github.com/acme/lib/lib.go']],
    ]);
    expect(json.diagnostics[0]!.message).toContain('1 file it would not write is there');
    expect(json.diagnostics[1]!.message).toContain('1 file it copies is missing');
  });

  it('warns of an orphan already in HEAD (hook install and check name it too) and refuses a new one', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const old = 'vendor/github.com/gone/old/old.go';
    mkdirSync(path.join(world.dir, path.dirname(old)), { recursive: true });
    writeFileSync(path.join(world.dir, old), 'package old\n');
    stageAll(world);
    world.git.git(world.dir, 'commit', '-q', '-m', 'an orphan, committed before the guard');
    const install = await runBin(['hook', 'install', '--json'], { cwd: world.dir, env: world.env });
    expect(install.code, install.stderr).toBe(0);
    expect(JSON.parse(install.stdout).warnings).toEqual([
      `1 file under vendor belongs to no module vendor/modules.txt lists (${old}): go mod vendor would delete them: git rm them, or vendor the module that provides them`,
    ]);
    const plain = await runCli(['check', '--json'], { cwd: world.dir, env: world.env });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).diagnostics).toMatchObject([
      { severity: 'warning', code: 'vendor-orphan', files: [old] },
    ]);

    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env })).code).toBe(0);
    // go mod vendor deleted it with the rest of vendor/; a commit that leaves it in HEAD stages the move alone.
    world.git.git(world.dir, 'checkout', 'HEAD', '--', old);
    stageAll(world);
    const bump = await staged(world);
    expect(bump.code).toBe(0);
    expect(bump.json.diagnostics).toMatchObject([{ severity: 'warning', code: 'vendor-orphan', files: [old] }]);

    const added = 'vendor/github.com/new/thing/thing.go';
    mkdirSync(path.join(world.dir, path.dirname(added)), { recursive: true });
    writeFileSync(path.join(world.dir, added), 'package thing\n');
    stageAll(world);
    const refused = await staged(world);
    expect(refused.code).toBe(1);
    expect(refused.json.diagnostics.map((d) => [d.severity, d.code, d.files])).toEqual([
      ['error', 'vendor-orphan', [added]],
      ['warning', 'vendor-orphan', [old]],
    ]);
  });
});

describe.concurrent('verify names what vendor/ lacks', { timeout: 60_000 }, () => {
  it('a deleted file, then a deleted module directory: exit 1, never "matches"', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    rmSync(path.join(world.dir, 'vendor/github.com/acme/lib2/v2/lib2.go'));
    const file = await runCli(['verify'], { cwd: world.dir, env: world.env });
    expect(file.code).toBe(1);
    expect(file.stdout).toContain(
      '✗ github.com/acme/lib2/v2 differs from github.com/acme/lib2/v2@v2.0.0:\n    missing  vendor/github.com/acme/lib2/v2/lib2.go\n',
    );
    expect(file.stdout).toContain('go.mod: 2 entries match, 1 differs (1 path missing), 0 not checked\n');
    expect(file.stdout).not.toContain('✓');

    rmSync(path.join(world.dir, 'vendor/github.com/acme/rpc'), { recursive: true });
    const dir = await runCli(['verify', '--json'], { cwd: world.dir, env: world.env });
    expect(dir.code).toBe(1);
    const json = JSON.parse(dir.stdout) as { entries: { importPath: string; status: string; missing: string[] }[] };
    expect(json.entries.map((e) => [e.importPath, e.status, e.missing])).toEqual([
      ['github.com/acme/lib', 'ok', []],
      ['github.com/acme/lib2/v2', 'modified', ['vendor/github.com/acme/lib2/v2/lib2.go']],
      ['github.com/acme/rpc', 'modified', ['vendor/github.com/acme/rpc/rpc.go']],
    ]);
  });
});
