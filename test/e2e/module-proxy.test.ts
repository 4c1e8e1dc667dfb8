import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { moduleProxy } from '../helpers/module-proxy.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// Modules resolved the way go sees them (issue 21, items 6 to 8): through a proxy (a GOPROXY of files, the
// layout proxy.golang.org, Athens and Artifactory serve) when GitHub and git cannot answer, from the module
// cache with --offline, a renamed upstream as the module the file requires, a commit only upstream's
// branches hold as reachable. The real go, local repositories, nothing from the network.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);

/** The binary built from vendor/ alone (GOPROXY=off: nothing may be fetched), run. */
function runVendored(world: ModuleWorld): string {
  const env = { ...world.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off' };
  const bin = path.join(world.dir, '..', 'app-bin');
  const built = spawnSync('go', ['build', '-o', bin, '.'], { cwd: world.dir, env, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
  return execFileSync(bin, { encoding: 'utf8' }).trim();
}

function proxyDir(onTestFinished: TestContext['onTestFinished']): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-proxy-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** acme/rpc's v1.2.0, which only the proxy has: tagged in a copy the hosted repository never received. */
function rpcOnlyInProxy(world: ModuleWorld, onTestFinished: TestContext['onTestFinished']): string {
  const dir = proxyDir(onTestFinished);
  const work = path.join(dir, 'rpc-work');
  world.git.git(dir, 'clone', '-q', path.join(world.reposDir, 'acme/rpc.git'), work);
  world.git.commit(
    work,
    { 'rpc.go': 'package rpc\n\nfunc Version() string { return "rpc 1.2" }\n' },
    'rpc 1.2, released only through the proxy',
  );
  world.git.git(work, 'tag', 'v1.2.0');
  return moduleProxy(dir, world.env, { 'https://github.com/acme/rpc': work }, [
    { module: 'github.com/acme/rpc', query: 'v1.2.0' },
  ]);
}

const modFile = (world: ModuleWorld) => readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
const modulesTxt = (world: ModuleWorld) => readFileSync(path.join(world.dir, 'vendor/modules.txt'), 'utf8');

describe.concurrent('modules through go', { timeout: 60_000 }, () => {
  it('resolves a version only the proxy has, through go, with one note saying so', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const env = { ...world.env, GOPROXY: `${rpcOnlyInProxy(world, onTestFinished)},direct` };
    const result = await runCli(['set', 'github.com/acme/rpc', '@v1.2.0', '--json'], { cwd: world.dir, env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.pin).toMatchObject({ ref: 'v1.2.0', kind: 'tag', modulePath: 'github.com/acme/rpc' });
    expect(json.notes).toEqual([
      'GitHub and git could not resolve v1.2.0 (github.com/acme/rpc has no commit, tag or branch v1.2.0: check the name); go did: go mod download github.com/acme/rpc@v1.2.0, through GOPROXY',
      // Back to upstream on a module without a self-replace is what go get does (module-moves.test.ts).
      'go get github.com/acme/rpc@v1.2.0: the require line in go.mod moves to v1.2.0',
    ]);
    expect(modulesTxt(world)).toMatch(/^# github\.com\/acme\/rpc v1\.2\.0$/m);
    expect(modulesTxt(world)).toContain('v1.2.0');
    expect(runVendored(world)).toBe('upstream lib with rpc 1.2; upstream lib2');
  });

  it('with --offline, answers from the module cache (GOPROXY=off), and fails plainly when it has nothing', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const proxy = rpcOnlyInProxy(world, onTestFinished);
    const missing = await runCli(['set', 'github.com/acme/rpc', '@v1.2.0', '--offline'], {
      cwd: world.dir,
      env: { ...world.env, GOPROXY: proxy },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'vendorfork: v1.2.0 in github.com/acme/rpc can only be resolved on GitHub, and --offline is set: give a full 40-character SHA, or drop --offline; go cannot resolve github.com/acme/rpc@v1.2.0 either (--offline: the module cache has no github.com/acme/rpc@v1.2.0; drop --offline)\n',
    );
    // What an earlier build left in the module cache.
    const scratch = proxyDir(onTestFinished);
    execFileSync('go', ['mod', 'init', 'scratch.invalid/x'], { cwd: scratch, env: world.env, stdio: 'pipe' });
    execFileSync('go', ['mod', 'download', 'github.com/acme/rpc@v1.2.0'], {
      cwd: scratch,
      env: { ...world.env, GOPROXY: proxy },
      stdio: 'pipe',
    });
    // The proxy is gone: only the cache can answer, as go mod vendor then needs nothing else.
    const env = { ...world.env, GOPROXY: 'off', GITHUB_API_URL: await closedPort() };
    const result = await runCli(['set', 'github.com/acme/rpc', '@v1.2.0', '--offline', '--json'], {
      cwd: world.dir,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.pin).toMatchObject({ ref: 'v1.2.0', modulePath: 'github.com/acme/rpc' });
    expect(json.notes).toEqual([
      expect.stringMatching(
        /; go did: go mod download github\.com\/acme\/rpc@v1\.2\.0, from the module cache \(GOPROXY=off\)$/,
      ),
      'go get github.com/acme/rpc@v1.2.0: the require line in go.mod moves to v1.2.0',
    ]);
    expect(runVendored(world)).toBe('upstream lib with rpc 1.2; upstream lib2');
  });

  it('pins the module the file requires when the spec names upstream under its new name', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    // Through git, which cannot ask GitHub about renames.
    const env = { ...world.env, GITHUB_API_URL: await closedPort() };
    const result = await runCli(['set', 'lib', 'newacme/lib@v1.0.0', '--json'], { cwd: world.dir, env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.pin).toMatchObject({ modulePath: 'github.com/acme/lib', repositoryUrl: null, sha: world.sha.U1 });
    expect(json.notes).toContain(
      'newacme/lib answers with the branches and tags of acme/lib: the same repository under a new name, so the pin stays on github.com/acme/lib, the module the file requires',
    );
    expect(modFile(world)).not.toContain('newacme');
    expect(modulesTxt(world)).not.toContain('newacme');
    expect(runVendored(world)).toBe('upstream lib with rpc 1.1; upstream lib2');
  });

  it('takes a commit only upstream’s branches hold when go can fetch it, and warns that no branch of the fork has it', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const short = world.sha.X.slice(0, 12);
    // The proxy fetched the fork's module at X once (GitHub serves any commit of a network under a fork's
    // name); git cannot fetch X from the fork now, which no branch of holds it.
    const proxy = moduleProxy(
      proxyDir(onTestFinished),
      world.env,
      { 'https://github.com/me/lib': path.join(world.reposDir, 'acme/lib.git') },
      [
        { module: 'github.com/me/lib', query: world.sha.X },
        { module: 'github.com/me/lib', query: short },
      ],
    );
    for (const api of ['fake GitHub', 'closed']) {
      const env = {
        ...world.env,
        GOPROXY: `${proxy},direct`,
        ...(api === 'closed' ? { GITHUB_API_URL: await closedPort() } : {}),
      };
      const result = await runCli(['set', 'lib', `me/lib@${short}`, '--json'], { cwd: world.dir, env });
      expect(result.code, `${api}: ${result.stderr}`).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.pin.ref).toMatch(new RegExp(`^v1\\.1\\.1-0\\.\\d{14}-${short}$`));
      expect(json.pin.modulePath).toBe('github.com/me/lib');
      expect(json.warnings.join('\n')).not.toMatch(/vndr/);
      expect(json.warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${short} is on no branch or tag of me/lib \\(a deleted or force-pushed branch\\?\\): go fetches it today \\(go mod download github\\.com/me/lib@${short}, through GOPROXY\\)`,
          ),
        ),
      );
      expect(modFile(world)).toContain(`\nreplace github.com/acme/lib => github.com/me/lib ${json.pin.ref}\n`);
      expect(runVendored(world)).toBe('upstream-only lib with rpc 1.1; upstream lib2');
    }
  });

  it('asks a proxy that serves versions only for the version go gives the commit, computed from git’s copy', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const short = world.sha.X.slice(0, 12);
    const proxy = moduleProxy(
      proxyDir(onTestFinished),
      world.env,
      { 'https://github.com/me/lib': path.join(world.reposDir, 'acme/lib.git') },
      [{ module: 'github.com/me/lib', query: world.sha.X }],
    );
    // Like a proxy that cannot look commits up (proxy.golang.org's 403 "not available"): the version alone.
    rmSync(path.join(new URL(proxy).pathname, 'github.com/me/lib/@v', `${world.sha.X}.info`));
    const env = { ...world.env, GOPROXY: `${proxy},direct`, GITHUB_API_URL: await closedPort() };
    const result = await runCli(['set', 'lib', `me/lib@${short}`, '--json'], { cwd: world.dir, env });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.pin.ref).toMatch(new RegExp(`^v1\\.1\\.1-0\\.\\d{14}-${short}$`));
    expect(json.warnings).toContainEqual(
      expect.stringContaining(
        `go fetches it today (go mod download github.com/me/lib@${json.pin.ref}, through GOPROXY)`,
      ),
    );
    expect(runVendored(world)).toBe('upstream-only lib with rpc 1.1; upstream lib2');
  });

  it('says in go’s terms that --keep-ref keeps no branch in a module file', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const result = await runCli(['set', 'lib', 'me/lib@feature', '--keep-ref', '--dry-run', '--json'], {
      cwd: world.dir,
      env: world.env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([
      'feature is a branch of github.com/me/lib, and a module file records a version, not a branch: --keep-ref has no effect, the version of its current commit is written',
    ]);
  });

  it('refuses a commit neither git nor go can fetch, without naming vndr', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const short = world.sha.X.slice(0, 12);
    const env = { ...world.env, GITHUB_API_URL: await closedPort() };
    const before = modFile(world);
    const result = await runCli(['set', 'lib', `me/lib@${short}`], { cwd: world.dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^vendorfork: ${short} is on no branch or tag of me/lib \\(a deleted or force-pushed branch\\?\\), and go cannot download github\\.com/me/lib@${short} either \\(.+\\): push a branch or tag that holds it\\n$`,
      ),
    );
    expect(result.stderr).not.toContain('vndr');
    expect(modFile(world)).toBe(before);
  });
});
