import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { treeHash } from '../helpers/go-project.js';
import {
  copyOf,
  freshModuleWorld,
  goIn as go,
  moduleState,
  runVendored,
  type ModuleWorld,
} from '../helpers/module-world.js';

// set and reset on module projects, with the real go and real git, offline: go fetches the modules through
// git from local repositories, and the fake GitHub answers from the same repositories.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);

/** What the go command itself writes for `go mod edit -replace MODULE=FORK@SHA && go mod tidy`, in a copy. */
function goWrites(
  world: ModuleWorld,
  module: string,
  fork: string,
  sha: string,
  onTestFinished: TestContext['onTestFinished'],
) {
  const copy = copyOf(world.dir, onTestFinished);
  go(world, copy, 'mod', 'edit', `-replace=${module}=${fork}@${sha}`);
  go(world, copy, 'mod', 'tidy');
  const text = readFileSync(path.join(copy, 'go.mod'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`replace ${module} =>`));
  return { line, version: line?.split(' ').at(-1) };
}

const set = (world: ModuleWorld, cwd: string, ...args: string[]) => runCli(['set', ...args], { cwd, env: world.env });

describe.concurrent('set on a go.mod project', { timeout: 60_000 }, () => {
  it('writes the replace go writes, the fork sums, and the vendor/ go mod vendor gives; the build runs the fork', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const before = {
      mod: readFileSync(path.join(world.dir, 'go.mod'), 'utf8'),
      sum: readFileSync(path.join(world.dir, 'go.sum'), 'utf8'),
    };
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.1; upstream lib2');
    const oracle = goWrites(world, 'github.com/acme/lib', 'github.com/me/lib', world.sha.F, onTestFinished);

    const result = await set(world, world.dir, 'lib', 'me/lib@feature', '--json');
    expect(result.stderr).toMatch(
      /^go mod vendor github\.com\/acme\/lib \.\.\.\ngo mod vendor github\.com\/acme\/lib: done in [\d.]+ s\n$/,
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(oracle.version).toMatch(/^v1\.1\.1-0\.\d{14}-[0-9a-f]{12}$/);
    expect(json.pin.ref).toBe(oracle.version);
    expect(json.pin.sha).toBe(world.sha.F);
    expect(json.after).toMatchObject({
      importPath: 'github.com/acme/lib',
      ref: oracle.version,
      repository: 'github.com/me/lib',
    });
    expect(json.before).toMatchObject({ ref: 'v1.1.0' });
    expect(json.warnings).toEqual([
      `feature is a branch of github.com/me/lib, and branches move: pinned its current commit ${world.sha.F.slice(0, 12)}`,
    ]);

    // go.mod: exactly the replace line, where go mod edit puts it.
    const mod = readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
    expect(mod).toBe(`${before.mod}\n${oracle.line}\n`);
    // go.sum: every line kept, and the fork's two.
    const sum = readFileSync(path.join(world.dir, 'go.sum'), 'utf8').split('\n');
    for (const line of before.sum.split('\n')) expect(sum).toContain(line);
    const added = sum.filter((line) => !before.sum.split('\n').includes(line));
    expect(added).toEqual([
      expect.stringMatching(new RegExp(`^github\\.com/me/lib ${oracle.version} h1:`)),
      expect.stringMatching(new RegExp(`^github\\.com/me/lib ${oracle.version}/go\\.mod h1:`)),
    ]);

    // vendor/ is what go mod vendor gives for the same files.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-revendor-'));
    onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
    cpSync(world.dir, copy, { recursive: true });
    rmSync(path.join(copy, 'vendor'), { recursive: true });
    go(world, copy, 'mod', 'vendor');
    expect(treeHash(path.join(world.dir, 'vendor'))).toEqual(treeHash(path.join(copy, 'vendor')));
    expect(readFileSync(path.join(world.dir, 'vendor/modules.txt'), 'utf8')).toContain(
      `# github.com/acme/lib v1.1.0 => github.com/me/lib ${oracle.version}\n`,
    );
    expect(runVendored(world, world.dir)).toBe('fork lib with rpc 1.1; upstream lib2');
  });

  it('gives a /v2 module its fork path with /v2, and the version go computes, a pseudo-version or a tag', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const oracle = goWrites(world, 'github.com/acme/lib2/v2', 'github.com/me/lib2/v2', world.sha.W2, onTestFinished);
    expect(oracle.version).toMatch(/^v2\.0\.1-0\.\d{14}-[0-9a-f]{12}$/);
    const untagged = await set(world, world.dir, 'lib2', 'me/lib2@fix-untagged', '--json');
    expect(untagged.code, untagged.stderr).toBe(0);
    expect(readFileSync(path.join(world.dir, 'go.mod'), 'utf8')).toContain(`\n${oracle.line}\n`);
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.1; fork lib2');

    const tagged = await set(world, world.dir, 'github.com/acme/lib2/v2', '@v2.0.1', '--json');
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(JSON.parse(tagged.stdout).pin.ref).toBe('v2.0.1');
    const mod = readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
    expect(mod).toContain('\nreplace github.com/acme/lib2/v2 => github.com/me/lib2/v2 v2.0.1\n');
    expect(mod.match(/^replace /gm)).toHaveLength(1);
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.1; tagged fork lib2');
  });

  it('reset returns go.mod, go.sum and vendor/ to their state before set', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    expect((await set(world, world.dir, 'lib', 'me/lib@feature')).code).toBe(0);
    expect(moduleState(world.dir)).not.toEqual(before);
    const reset = await runCli(['reset', 'lib'], { cwd: world.dir, env: world.env });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(
      'note: removed the replace: github.com/acme/lib is back at the version go.mod requires, v1.1.0',
    );
    expect(moduleState(world.dir)).toEqual(before);
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.1; upstream lib2');
  });

  it('warns of what the move drops, and not of a fork requiring less than the project (go keeps the project’s)', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const result = await set(world, world.dir, 'lib', 'me/lib@old', '--strict', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lacks 2 commits of the current pin');
    expect(result.stderr).toContain('Merge pull request #7 from acme/bump-rpc');
    // The fork requires rpc v1.0.0 where go.mod requires v1.1.0: minimal version selection keeps v1.1.0.
    expect(result.stderr).not.toContain('github.com/acme/rpc');
    expect(moduleState(world.dir)).toEqual(before);
  });

  it('resolves through git when GitHub cannot answer, and judges the move there too', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const oracle = goWrites(world, 'github.com/acme/lib', 'github.com/me/lib', world.sha.O, onTestFinished);
    const env = { ...world.env, GITHUB_API_URL: await closedPort() };
    const result = await runCli(['set', 'lib', `me/lib@${world.sha.O.slice(0, 7)}`, '--allow-drop', '--json'], {
      cwd: world.dir,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.pin).toMatchObject({ via: 'git', sha: world.sha.O, ref: oracle.version });
    expect(json.notes[0]).toMatch(/^GitHub's API could not answer \(.*\): resolved through git instead$/);
    expect(json.move).toMatchObject({ source: 'git', dropped: { count: 2 } });
    expect(json.warnings).toEqual([]);
    expect(json.buildList).toEqual([]);
    expect(runVendored(world, world.dir)).toBe('old fork lib with rpc 1.1; upstream lib2');
  });

  it('--build lets through a move that compiles, and puts back one that does not', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const broken = await set(world, world.dir, 'lib', 'me/lib@broken', '--build');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      'vendorfork: the move breaks the build: 1 package compiles no more (go build -mod=vendor), so go.mod, go.sum and vendor/ were put back as they were\n# example.com/app\n',
    );
    expect(broken.stderr).toContain('undefined: lib.V');
    expect(moduleState(world.dir)).toEqual(before);

    for (const dir of [world.dir, world.mobyDir]) {
      const fine = await set(world, dir, 'lib', 'me/lib@feature', '--build', '--json');
      expect(fine.code, fine.stderr).toBe(0);
      expect(JSON.parse(fine.stdout).build).toEqual({
        dependency: 'github.com/acme/lib/...',
        importers: [dir === world.dir ? 'example.com/app' : 'github.com/docker/docker'],
        alreadyFailing: [],
      });
    }
    expect(existsSync(path.join(world.mobyDir, 'go.mod'))).toBe(false);
  });

  it('--dry-run shows the replace and writes nothing', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const result = await set(world, world.dir, 'lib', 'me/lib@feature', '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /\n\+replace github\.com\/acme\/lib => github\.com\/me\/lib v1\.1\.1-0\.\d{14}-[0-9a-f]{12}\n/,
    );
    expect(result.stdout).toContain('dry run: nothing written');
    expect(moduleState(world.dir)).toEqual(before);
  });
});

describe.concurrent("set on moby's layout: vendor.mod and vendor.sum, no go.mod", { timeout: 60_000 }, () => {
  it('edits vendor.mod and vendor.sum, vendors with -modfile, and leaves no go.mod', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const dir = world.mobyDir;
    const before = readFileSync(path.join(dir, 'vendor.mod'), 'utf8');
    const result = await set(world, dir, 'lib', 'me/lib@feature', '--json');
    expect(result.code, result.stderr).toBe(0);
    const version = JSON.parse(result.stdout).pin.ref as string;
    expect(readFileSync(path.join(dir, 'vendor.mod'), 'utf8')).toBe(
      `${before}\nreplace github.com/acme/lib => github.com/me/lib ${version}\n`,
    );
    expect(readFileSync(path.join(dir, 'vendor.sum'), 'utf8')).toContain(`github.com/me/lib ${version}/go.mod h1:`);
    expect(existsSync(path.join(dir, 'go.mod'))).toBe(false);
    expect(existsSync(path.join(dir, 'go.sum'))).toBe(false);
    expect(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8')).toContain(
      `# github.com/acme/lib v1.1.0 => github.com/me/lib ${version}\n`,
    );
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, env: world.env, encoding: 'utf8' })).toBe(
      ' M vendor.mod\n M vendor.sum\n M vendor/github.com/acme/lib/lib.go\n M vendor/modules.txt\n',
    );
  });
});

describe.concurrent('sync on a module project edited by hand', { timeout: 60_000 }, () => {
  it('adds the sums of the hand-written replace and re-vendors, as set would have', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const oracle = goWrites(world, 'github.com/acme/lib', 'github.com/me/lib', world.sha.F, onTestFinished);
    const modPath = path.join(world.dir, 'go.mod');
    writeFileSync(modPath, `${readFileSync(modPath, 'utf8')}\n${oracle.line}\n`);
    const result = await runCli(['sync', '--json'], { cwd: world.dir, env: world.env });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.changes).toEqual([
      {
        importPath: 'github.com/acme/lib',
        change: 'repository',
        move: { from: world.sha.U2, to: world.sha.F, source: 'github', drift: [] },
      },
    ]);
    expect(json.warnings).toEqual([]);
    expect(readFileSync(path.join(world.dir, 'go.sum'), 'utf8')).toContain(
      `github.com/me/lib ${oracle.version}/go.mod h1:`,
    );
    expect(runVendored(world, world.dir)).toBe('fork lib with rpc 1.1; upstream lib2');
    // Nothing left to do: the file and vendor/ agree.
    const again = await runCli(['sync', '--base', 'HEAD'], { cwd: world.dir, env: world.env });
    expect(again.code).toBe(0);
  });

  it('refuses a hand-written pseudo-version that is not the commit’s, and changes nothing', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const modPath = path.join(world.dir, 'go.mod');
    const wrong = `v1.1.1-0.20200101000000-${world.sha.F.slice(0, 12)}`;
    writeFileSync(modPath, `${before['go.mod']}\nreplace github.com/acme/lib => github.com/me/lib ${wrong}\n`);
    const result = await runCli(['sync'], { cwd: world.dir, env: world.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^vendorfork: go cannot download github\\.com/me/lib@${wrong}: .*does not match version-control timestamp`,
      ),
    );
    expect(moduleState(world.dir)).toEqual({ ...before, 'go.mod': readFileSync(modPath, 'utf8') });
  });
});
