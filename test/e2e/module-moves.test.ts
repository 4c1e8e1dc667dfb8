import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { cachedDownload } from '../../src/go/cached-download.js';
import { runCli } from '../helpers/cli.js';
import { treeHash } from '../helpers/go-project.js';
import {
  copyOf,
  freshModuleWorld,
  goIn as go,
  moduleState,
  runVendored,
  type ModuleWorld,
} from '../helpers/module-world.js';

// Modules the way go sees them (issue 21): a fork's newer requirements raised as go mod tidy raises them, the
// build list's drift, back to upstream as go get goes or by the file's self-replace, the module cache read
// first. The real go against local repositories, each result compared with what the go command writes itself.

/** The oracle: a copy of the project after `go mod edit -replace lib=me/lib@N && go mod tidy`. */
function tidiedWithFork(world: ModuleWorld, onTestFinished: TestContext['onTestFinished']): string {
  const oracle = copyOf(world.dir, onTestFinished);
  go(world, oracle, 'mod', 'edit', `-replace=github.com/acme/lib=github.com/me/lib@${world.sha.N}`);
  go(world, oracle, 'mod', 'tidy');
  return oracle;
}

/** vendorfork set in a project of the world. */
const set = (world: ModuleWorld, cwd: string, ...args: string[]) => runCli(['set', ...args], { env: world.env, cwd });

describe.concurrent('back to upstream on a module, as the file does it', { timeout: 60_000 }, () => {
  it('back to upstream with a version does what go get does, byte for byte, where the file has no self-replace', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    expect((await set(world, world.dir, 'lib', 'me/lib@feature')).code).toBe(0);
    // The oracle: the same project, the replace dropped by go mod edit, then go get and go mod vendor.
    const copy = copyOf(world.dir, onTestFinished);
    go(world, copy, 'mod', 'edit', '-dropreplace=github.com/acme/lib');
    go(world, copy, 'get', 'github.com/acme/lib@v1.2.0');
    go(world, copy, 'mod', 'vendor');

    const result = await runCli(['reset', 'lib', 'v1.2.0', '--json'], { cwd: world.dir, env: world.env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.upstreamBy).toBe('require');
    // go get raises rpc with lib: lib v1.2.0 requires rpc v1.3.0.
    expect(json.buildList).toEqual([{ path: 'github.com/acme/rpc', from: 'v1.1.0', to: 'v1.3.0' }]);
    expect(json.warnings).toEqual(['the move raises github.com/acme/rpc v1.1.0 → v1.3.0']);
    expect(json.notes).toContain(
      'go get github.com/acme/lib@v1.2.0: the require line in go.mod moves to v1.2.0, and the replace of github.com/acme/lib is gone',
    );
    expect(readFileSync(path.join(world.dir, 'go.mod'), 'utf8')).toBe(readFileSync(path.join(copy, 'go.mod'), 'utf8'));
    // go get keeps the fork's sums, as go does until go mod tidy.
    expect(readFileSync(path.join(world.dir, 'go.sum'), 'utf8')).toBe(readFileSync(path.join(copy, 'go.sum'), 'utf8'));
    expect(treeHash(path.join(world.dir, 'vendor'))).toEqual(treeHash(path.join(copy, 'vendor')));
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.3; upstream lib2');
  });

  it('back to upstream where the file pins the module with a replace of itself moves that replace, not the require', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    const modPath = path.join(world.dir, 'go.mod');
    const pinned = `${readFileSync(modPath, 'utf8')}\nreplace github.com/acme/rpc => github.com/acme/rpc v1.1.0\n`;
    writeFileSync(modPath, pinned);
    // The text says which of the two it did, in one line; --json as upstreamBy.
    const text = await runCli(['reset', 'rpc', 'v1.0.0'], { cwd: world.dir, env: world.env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      '\nnote: go.mod pins github.com/acme/rpc with a replace of itself: moved that replace to v1.0.0, the require line stays at v1.1.0\n',
    );
    expect(text.stdout).not.toContain('warning');
    expect(readFileSync(modPath, 'utf8')).toBe(
      pinned.replace('github.com/acme/rpc v1.1.0\n', 'github.com/acme/rpc v1.0.0\n'),
    );
    expect(runVendored(world, world.dir)).toBe('upstream lib with rpc 1.0; upstream lib2');
    const json = JSON.parse(
      (await runCli(['reset', 'rpc', 'v1.1.0', '--json'], { cwd: world.dir, env: world.env })).stdout,
    );
    expect(json).toMatchObject({ upstreamBy: 'self-replace', warnings: [], buildList: [] });
    expect(readFileSync(modPath, 'utf8')).toBe(pinned);
  });
});

describe.concurrent('the module cache, read before go is started', { timeout: 60_000 }, () => {
  it('answers what go mod download -json answers, for a commit and for a version, and nothing it lacks', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    const scratch = copyOf(world.dir, onTestFinished);
    const download = (query: string) => {
      const answer = JSON.parse(go(world, scratch, 'mod', 'download', '-json', query));
      return {
        path: answer.Path,
        version: answer.Version,
        sum: answer.Sum,
        goModSum: answer.GoModSum,
        dir: answer.Dir,
      };
    };
    expect(await cachedDownload(world.env, 'github.com/me/lib', world.sha.F)).toBeUndefined();
    const byCommit = download(`github.com/me/lib@${world.sha.F}`);
    expect(await cachedDownload(world.env, 'github.com/me/lib', world.sha.F)).toEqual(byCommit);
    const tagged = download(`github.com/acme/lib2/v2@${world.sha.W3}`);
    expect(tagged.version).toBe('v2.0.1');
    expect(await cachedDownload(world.env, 'github.com/acme/lib2/v2', world.sha.W3)).toEqual(tagged);
    expect(await cachedDownload(world.env, 'github.com/acme/rpc', 'v1.1.0')).toEqual(
      download('github.com/acme/rpc@v1.1.0'),
    );
    expect(await cachedDownload(world.env, 'github.com/acme/rpc', 'master')).toBeUndefined();
  });
});

describe.concurrent('set on a fork that requires newer versions of other modules', { timeout: 60_000 }, () => {
  it('raises them as go mod tidy does, adds the sums go needs, and says what the build list moves', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    const oracle = tidiedWithFork(world, onTestFinished);
    go(world, oracle, 'mod', 'vendor');
    const modulesBefore = readFileSync(path.join(world.dir, 'vendor/modules.txt'), 'utf8');

    const result = await set(world, world.dir, 'lib', 'me/lib@needs-newer', '--json');
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(readFileSync(path.join(world.dir, 'go.mod'), 'utf8')).toBe(
      readFileSync(path.join(oracle, 'go.mod'), 'utf8'),
    );
    const sum = readFileSync(path.join(world.dir, 'go.sum'), 'utf8').split('\n');
    for (const line of readFileSync(path.join(oracle, 'go.sum'), 'utf8').split('\n')) expect(sum).toContain(line);
    expect(treeHash(path.join(world.dir, 'vendor'))).toEqual(treeHash(path.join(oracle, 'vendor')));
    // The drift line is exactly what moves in vendor/modules.txt, but for lib itself.
    const moved = (text: string) => text.split('\n').filter((l) => /^# github\.com\/acme\/(rpc|lib2)/.test(l));
    expect(moved(modulesBefore)).toEqual(['# github.com/acme/lib2/v2 v2.0.0', '# github.com/acme/rpc v1.1.0']);
    expect(moved(readFileSync(path.join(world.dir, 'vendor/modules.txt'), 'utf8'))).toEqual([
      '# github.com/acme/lib2/v2 v2.0.1',
      '# github.com/acme/rpc v1.3.0',
    ]);
    expect(json.buildList).toEqual([
      { path: 'github.com/acme/lib2/v2', from: 'v2.0.0', to: 'v2.0.1' },
      { path: 'github.com/acme/rpc', from: 'v1.1.0', to: 'v1.3.0' },
    ]);
    expect(json.warnings).toContain(
      'the move raises github.com/acme/lib2/v2 v2.0.0 → v2.0.1 and github.com/acme/rpc v1.1.0 → v1.3.0',
    );
    expect(json.warnings.filter((w: string) => w.includes('built with'))).toEqual([]);
    expect(runVendored(world, world.dir)).toBe('newer fork lib with rpc 1.3; tagged fork lib2');
  });

  it('--strict refuses that move and changes nothing; --allow-drift accepts it', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    const dir = world.mobyDir;
    const before = moduleState(dir, 'vendor.mod');
    const refused = await set(world, dir, 'lib', 'me/lib@needs-newer', '--strict');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "vendorfork: refused under --strict, nothing changed: the move changes other modules' versions\n" +
        '  the move raises github.com/acme/lib2/v2 v2.0.0 → v2.0.1 and github.com/acme/rpc v1.1.0 → v1.3.0; accept it with --allow-drift\n',
    );
    expect(moduleState(dir, 'vendor.mod')).toEqual(before);
    const accepted = await set(world, dir, 'lib', 'me/lib@needs-newer', '--strict', '--allow-drift');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(
      'note: accepted with --allow-drift: the move raises github.com/acme/lib2/v2 v2.0.0 → v2.0.1 and github.com/acme/rpc v1.1.0 → v1.3.0\n',
    );
    expect(readFileSync(path.join(dir, 'vendor.mod'), 'utf8')).toContain(
      '\nrequire github.com/acme/rpc v1.3.0 // indirect\n',
    );
    expect(existsSync(path.join(dir, 'go.mod'))).toBe(false);
    expect(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8')).toContain('\n# github.com/acme/rpc v1.3.0\n');
  });
});

describe.concurrent('sync on a hand-written fork that requires newer versions', { timeout: 60_000 }, () => {
  it('raises what a hand-written fork needs, as set does; --strict refuses it without --allow-drift', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    const oracle = tidiedWithFork(world, onTestFinished);
    // The replace line as go writes it, added by hand to a file that requires the old versions.
    const line = readFileSync(path.join(oracle, 'go.mod'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('replace github.com/acme/lib =>'));
    const modPath = path.join(world.dir, 'go.mod');
    writeFileSync(modPath, `${readFileSync(modPath, 'utf8')}\n${line}\n`);
    const before = moduleState(world.dir);
    const refused = await runCli(['sync', '--strict'], { cwd: world.dir, env: world.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '  the move raises github.com/acme/lib2/v2 v2.0.0 → v2.0.1 and github.com/acme/rpc v1.1.0 → v1.3.0; accept it with --allow-drift\n',
    );
    expect(moduleState(world.dir)).toEqual(before);
    const result = await runCli(['sync', '--json'], { cwd: world.dir, env: world.env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.warnings).toEqual([
      'the move raises github.com/acme/lib2/v2 v2.0.0 → v2.0.1 and github.com/acme/rpc v1.1.0 → v1.3.0',
    ]);
    expect(readFileSync(modPath, 'utf8')).toBe(readFileSync(path.join(oracle, 'go.mod'), 'utf8'));
    expect(runVendored(world, world.dir)).toBe('newer fork lib with rpc 1.3; tagged fork lib2');
  });
});
