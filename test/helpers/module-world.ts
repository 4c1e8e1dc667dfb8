import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { TestContext } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../github/fake-github.js';
import { GitWorld } from './git.js';
import { perFileFixture, treeHash, type GoLayout } from './go-project.js';
import { offlineGoEnv, testVndr } from './vndr.js';
import type { HostedWorld } from './world.js';

/**
 * Module projects for issue 13, vendored by the real go from real repositories (GOPROXY=direct, GOSUMDB=off,
 * https://github.com/ reaching local bare repositories through url.insteadOf):
 *
 * - acme/rpc: v1.0.0, v1.1.0, v1.3.0 (v1.2.0 is left to module-proxy.test.ts, which tags it in a proxy only).
 * - acme/lib (github.com/acme/lib): U1 (tag v1.0.0, requires rpc v1.0.0); then "Merge pull request #7 from
 *   acme/bump-rpc" (U2, tag v1.1.0) bringing "Bump rpc to v1.1.0" (requires rpc v1.1.0).
 * - me/lib, a fork: branch `feature` with F on U2 (V says "fork", untagged: a pseudo-version v1.1.1-0.…);
 *   branch `old` with O on U1, still on rpc v1.0.0; branch `broken` on U2, where V() is renamed; branch
 *   `needs-newer` with N on U2, requiring rpc v1.3.0 and lib2/v2 v2.0.1. acme/lib's branch `next` (tag
 *   v1.2.0) requires rpc v1.3.0. X, on acme/lib's branch `upstream-only`, which the fork lacks.
 *   https://github.com/newacme/lib is acme/lib renamed.
 * - acme/lib2 (github.com/acme/lib2/v2, a /v2 module): W1 (tag v2.0.0); me/lib2, a fork: branch
 *   `fix-untagged` at W2, and branch `fix` at W3 after it, tagged v2.0.1 (a tag acme/lib2 has too).
 * - app (go.mod, go.sum, vendor/): module example.com/app, requires lib v1.1.0, lib2/v2 v2.0.0 and rpc
 *   v1.1.0; `go run -mod=vendor .` prints what lib and lib2 say.
 * - moby (vendor.mod, vendor.sum, vendor/, no go.mod): module github.com/docker/docker, the same
 *   requirements, vendored as moby's hack/vendor.sh does, with a stub go.mod removed afterwards.
 */
export interface ModuleWorld extends HostedWorld, GoLayout {
  sha: {
    U1: string;
    bump: string;
    U2: string;
    F: string;
    O: string;
    N: string;
    X: string;
    W1: string;
    W2: string;
    W3: string;
  };
  /** The moby-layout project. */
  mobyDir: string;
}

const rpcSource = (version: string) => `package rpc\n\nfunc Version() string { return "rpc ${version}" }\n`;
const libSource = (who: string) =>
  `package lib\n\nimport "github.com/acme/rpc"\n\nfunc V() string { return "${who} lib with " + rpc.Version() }\n`;
const lib2Source = (who: string) => `package lib2\n\nfunc V() string { return "${who} lib2" }\n`;
const goMod = (module: string, requires: string[]) =>
  `module ${module}\n\ngo 1.20\n${requires.length ? `\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n` : ''}`;

export async function moduleWorld(root: string): Promise<ModuleWorld> {
  const git = new GitWorld(root);
  const reposDir = path.join(root, 'hosted');
  const host = (work: string, fullName: string) => git.bare(work, path.join(reposDir, `${fullName}.git`));
  const forkOf = (work: string, fullName: string, refs: string[]) => {
    const bare = path.join(reposDir, `${fullName}.git`);
    git.git(root, 'init', '-q', '--bare', bare);
    // GitHub copies the upstream's tags into a fork when it is made.
    git.git(work, 'push', '-q', bare, ...refs, '--tags');
    return bare;
  };

  const rpc = git.init('acme-rpc', { 'go.mod': goMod('github.com/acme/rpc', []), 'rpc.go': rpcSource('1.0') });
  git.git(rpc, 'tag', 'v1.0.0');
  git.commit(rpc, { 'rpc.go': rpcSource('1.1') }, 'rpc 1.1');
  git.git(rpc, 'tag', 'v1.1.0');
  git.commit(rpc, { 'rpc.go': rpcSource('1.3') }, 'rpc 1.3');
  git.git(rpc, 'tag', 'v1.3.0');
  host(rpc, 'acme/rpc');

  const lib = git.init('acme-lib', {
    'go.mod': goMod('github.com/acme/lib', ['github.com/acme/rpc v1.0.0']),
    'lib.go': libSource('upstream'),
  });
  const U1 = git.rev(lib, 'HEAD');
  git.git(lib, 'tag', 'v1.0.0');
  git.git(lib, 'checkout', '-q', '-b', 'bump-rpc');
  const bump = git.commit(
    lib,
    { 'go.mod': goMod('github.com/acme/lib', ['github.com/acme/rpc v1.1.0']) },
    'Bump rpc to v1.1.0',
  );
  git.git(lib, 'checkout', '-q', 'master');
  git.git(lib, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from acme/bump-rpc', 'bump-rpc');
  const U2 = git.rev(lib, 'HEAD');
  git.git(lib, 'tag', 'v1.1.0');
  host(lib, 'acme/lib');
  // v1.2.0, on a branch of its own (master stays at U2): it requires rpc v1.3.0, so go get raises rpc with it.
  git.git(lib, 'checkout', '-q', '-b', 'next', U2);
  git.commit(lib, { 'go.mod': goMod('github.com/acme/lib', ['github.com/acme/rpc v1.3.0']) }, 'Need rpc v1.3.0');
  git.git(lib, 'tag', 'v1.2.0');
  git.git(lib, 'push', '-q', path.join(reposDir, 'acme/lib.git'), 'next', 'v1.2.0');
  // A fork that needs newer versions of two modules than the projects require.
  git.git(lib, 'checkout', '-q', '-b', 'needs-newer', U2);
  const N = git.commit(
    lib,
    {
      'go.mod': goMod('github.com/acme/lib', ['github.com/acme/lib2/v2 v2.0.1', 'github.com/acme/rpc v1.3.0']),
      'lib.go': libSource('newer fork'),
    },
    'lib: need rpc v1.3.0 and lib2 v2.0.1',
  );
  git.git(lib, 'checkout', '-q', '-b', 'feature', U2);
  const F = git.commit(lib, { 'lib.go': libSource('fork') }, 'lib: say fork');
  git.git(lib, 'checkout', '-q', '-b', 'old', U1);
  const O = git.commit(lib, { 'lib.go': libSource('old fork') }, 'lib: say old fork');
  // A fork whose API moved: V() is gone, so the project no longer compiles against it.
  git.git(lib, 'checkout', '-q', '-b', 'broken', U2);
  git.commit(lib, { 'lib.go': libSource('fork').replace('func V()', 'func Renamed()') }, 'lib: rename V');
  forkOf(lib, 'me/lib', ['master', 'feature', 'old', 'broken', 'needs-newer']);
  // Upstream work the fork never had: only a branch of acme/lib holds X.
  git.git(lib, 'checkout', '-q', '-b', 'upstream-only', U2);
  const X = git.commit(lib, { 'lib.go': libSource('upstream-only') }, 'lib: say upstream-only');
  git.git(lib, 'push', '-q', path.join(reposDir, 'acme/lib.git'), 'upstream-only');

  const lib2 = git.init('acme-lib2', {
    'go.mod': goMod('github.com/acme/lib2/v2', []),
    'lib2.go': lib2Source('upstream'),
  });
  const W1 = git.rev(lib2, 'HEAD');
  git.git(lib2, 'tag', 'v2.0.0');
  host(lib2, 'acme/lib2');
  git.git(lib2, 'checkout', '-q', '-b', 'fix');
  const W2 = git.commit(lib2, { 'lib2.go': lib2Source('fork') }, 'lib2: say fork');
  const W3 = git.commit(lib2, { 'lib2.go': lib2Source('tagged fork') }, 'lib2: say tagged fork');
  git.git(lib2, 'tag', 'v2.0.1');
  git.git(lib2, 'branch', '-q', 'fix-untagged', W2);
  forkOf(lib2, 'me/lib2', ['master', 'fix', 'fix-untagged']);
  // The fix was released upstream too: acme/lib2 has the tag v2.0.1 (at W3), which needs-newer requires.
  git.git(lib2, 'push', '-q', path.join(reposDir, 'acme/lib2.git'), 'v2.0.1');

  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
  // acme/lib under a new name, as GitHub redirects a renamed repository (git alone cannot tell the two apart).
  git.config('--add', `url.${path.join(reposDir, 'acme/lib.git')}.insteadOf`, 'https://github.com/newacme/lib');
  const hosting = {
    repositories: [
      { fullName: 'acme/rpc', gitDir: path.join(reposDir, 'acme/rpc.git') },
      { fullName: 'acme/lib', gitDir: path.join(reposDir, 'acme/lib.git') },
      { fullName: 'me/lib', gitDir: path.join(reposDir, 'me/lib.git'), parent: 'acme/lib' },
      { fullName: 'acme/lib2', gitDir: path.join(reposDir, 'acme/lib2.git') },
      { fullName: 'me/lib2', gitDir: path.join(reposDir, 'me/lib2.git'), parent: 'acme/lib2' },
    ],
    limits: { anonymous: 100_000, authenticated: 100_000 },
  };
  const github = await FakeGitHub.start({ ...hosting, workDir: path.join(root, 'fake-github'), env: git.env });

  const env: NodeJS.ProcessEnv = {
    ...offlineGoEnv(git.env, root),
    // A writable module cache, so that a fixture's copy can be removed like any folder.
    GOFLAGS: '-mod=mod -modcacherw',
    // One build cache for every test (go's is content-addressed and safe to share): a copy of the world
    // compiles fmt and the standard library once, not once per test.
    GOCACHE: path.join(os.tmpdir(), 'vendorfork-test-gocache'),
    GITHUB_API_URL: github.baseUrl,
    XDG_CACHE_HOME: path.join(root, 'cache'),
    VENDORFORK_RETRY_BASE_MS: '5',
  };
  const requires = ['github.com/acme/lib v1.1.0', 'github.com/acme/lib2/v2 v2.0.0', 'github.com/acme/rpc v1.1.0'];
  const main =
    'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/acme/lib"\n\t"github.com/acme/lib2/v2"\n)\n\nfunc main() { fmt.Println(lib.V() + "; " + lib2.V()) }\n';
  const project = (name: string, module: string) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), goMod(module, requires));
    writeFileSync(path.join(dir, 'main.go'), main);
    const go = (...args: string[]) => execFileSync('go', args, { cwd: dir, env, stdio: 'pipe' });
    go('mod', 'tidy');
    go('mod', 'vendor');
    return dir;
  };
  const app = project('app', 'example.com/app');
  const moby = project('moby', 'github.com/docker/docker');
  renameSync(path.join(moby, 'go.mod'), path.join(moby, 'vendor.mod'));
  renameSync(path.join(moby, 'go.sum'), path.join(moby, 'vendor.sum'));
  for (const dir of [app, moby]) {
    git.git(dir, 'init', '-q');
    git.git(dir, 'add', '-A');
    git.git(dir, 'commit', '-q', '-m', 'Vendor with go mod vendor');
  }
  return {
    git,
    github,
    reposDir,
    hosting,
    sha: { U1, bump, U2, F, O, N, X, W1, W2, W3 },
    gopath: path.join(root, 'gopath'),
    dir: app,
    mobyDir: moby,
    vndr: testVndr(),
    env,
  };
}

/** A module world of its own for one test: built once per test file, copied for each test. */
export const freshModuleWorld = perFileFixture('vendorfork-modules-', moduleWorld);

/** Every file a module transaction must preserve, by content: the module and sum files, go.mod's absence, vendor/. */
export function moduleState(dir: string, modFile = 'go.mod'): Record<string, string | undefined> {
  const read = (name: string) =>
    existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8') : undefined;
  const sumFile = modFile.replace(/\.mod$/, '.sum');
  return {
    [modFile]: read(modFile),
    [sumFile]: read(sumFile),
    'go.mod': read('go.mod'),
    ...Object.fromEntries(Object.entries(treeHash(path.join(dir, 'vendor'))).map(([k, v]) => [`vendor/${k}`, v])),
  };
}

/** go in a folder of the world, its output returned. */
export const goIn = (world: ModuleWorld, cwd: string, ...args: string[]) =>
  execFileSync('go', args, { cwd, env: world.env, encoding: 'utf8', stdio: 'pipe' });

/** A copy of a project, removed after the test: the oracle the go command writes in. */
export function copyOf(dir: string, onTestFinished: TestContext['onTestFinished']): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-oracle-'));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** The binary built from vendor/ alone (GOPROXY=off: nothing may be fetched), run. */
export function runVendored(world: ModuleWorld, dir: string, modFile?: string): string {
  const env = { ...world.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off' };
  const bin = path.join(dir, '..', `app-${path.basename(dir)}`);
  const flags = modFile ? [`-modfile=${modFile}`] : [];
  const built = spawnSync('go', ['build', ...flags, '-o', bin, '.'], { cwd: dir, env, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
  return execFileSync(bin, { encoding: 'utf8' }).trim();
}
