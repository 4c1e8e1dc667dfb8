import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { set } from '../../src/commands/set.js';
import { FakeGitHub } from '../github/fake-github.js';
import { GitWorld } from '../helpers/git.js';
import { addProxyModule } from '../helpers/module-proxy.js';
import { offlineGoEnv, removeWithModuleCache } from '../helpers/vndr.js';

// Issue 21, item 3: a module on a vanity host in a subdirectory of its repository. example.org/proj/sub
// lives in sub/ of the repository example.org/proj, which example.org's go-import tag says is
// github.com/acme/proj. Its fork github.com/me/proj serves the module as github.com/me/proj/sub, versioned by
// the subdirectory's tags (sub/v1.0.0), and the build must find it there. example.org itself is not
// reachable: a GOPROXY of files serves the module's release, and the ?go-get=1 answer is given to set.
let root: string;
let world: GitWorld;
let github: FakeGitHub;
let env: NodeJS.ProcessEnv;
let project: string;
let fix: string;
let released: string;

const subSource = (who: string) => `package sub\n\nfunc V() string { return "${who} sub" }\n`;
const goGet = async (url: string) => {
  expect(url).toBe('https://example.org/proj/sub?go-get=1');
  return '<html><head><meta name="go-import" content="example.org/proj git https://github.com/acme/proj"></head></html>';
};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-vanity-'));
  world = new GitWorld(root);
  const reposDir = path.join(root, 'hosted');
  const files = { 'go.mod': 'module example.org/proj/sub\n\ngo 1.20\n', 'sub.go': subSource('upstream') };
  const proj = world.init('acme-proj', {
    'go.mod': 'module example.org/proj\n\ngo 1.20\n',
    'proj.go': 'package proj\n',
    'sub/go.mod': files['go.mod'],
    'sub/sub.go': files['sub.go'],
  });
  world.git(proj, 'tag', 'sub/v1.0.0');
  released = world.rev(proj, 'HEAD');
  // A root tag above the subdirectory's: go must not take it for the module's base.
  world.git(proj, 'tag', 'v3.0.0');
  world.bare(proj, path.join(reposDir, 'acme/proj.git'));
  world.git(proj, 'checkout', '-q', '-b', 'fix');
  fix = world.commit(proj, { 'sub/sub.go': subSource('fork') }, 'sub: say fork');
  const fork = path.join(reposDir, 'me/proj.git');
  world.git(root, 'init', '-q', '--bare', fork);
  world.git(proj, 'push', '-q', fork, 'master', 'fix', '--tags');
  world.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');
  github = await FakeGitHub.start({
    repositories: [
      { fullName: 'acme/proj', gitDir: path.join(reposDir, 'acme/proj.git') },
      { fullName: 'me/proj', gitDir: fork, parent: 'acme/proj' },
    ],
    limits: { anonymous: 100_000, authenticated: 100_000 },
    workDir: path.join(root, 'fake-github'),
    env: world.env,
  });
  const tree = path.join(root, 'proxy');
  addProxyModule(tree, 'example.org/proj/sub', 'v1.0.0', files);
  env = {
    ...offlineGoEnv(world.env, root),
    GOPROXY: `file://${tree},direct`,
    GOCACHE: path.join(os.tmpdir(), 'vendorfork-test-gocache'),
    GITHUB_API_URL: github.baseUrl,
    XDG_CACHE_HOME: path.join(root, 'cache'),
  };
  project = path.join(root, 'app');
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'go.mod'),
    'module example.com/app\n\ngo 1.20\n\nrequire example.org/proj/sub v1.0.0\n',
  );
  writeFileSync(
    path.join(project, 'main.go'),
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.org/proj/sub"\n)\n\nfunc main() { fmt.Println(sub.V()) }\n',
  );
  execFileSync('go', ['mod', 'tidy'], { cwd: project, env, stdio: 'pipe' });
  execFileSync('go', ['mod', 'vendor'], { cwd: project, env, stdio: 'pipe' });
}, 60_000);

afterAll(async () => {
  await github?.close();
  removeWithModuleCache(root);
});

function runVendored(dir: string): string {
  const bin = path.join(root, `bin-${path.basename(dir)}`);
  const built = spawnSync('go', ['build', '-o', bin, '.'], {
    cwd: dir,
    env: { ...env, GOFLAGS: '-mod=vendor', GOPROXY: 'off' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(built.stderr);
  return execFileSync(bin, { encoding: 'utf8' }).trim();
}

describe('a vanity module in a subdirectory of its repository', { timeout: 60_000 }, () => {
  it('is replaced by the fork’s module in the same subdirectory, at the version go computes from its tags, and builds', async () => {
    expect(runVendored(project)).toBe('upstream sub');
    // What go itself writes for the same replace, in a copy.
    const oracle = path.join(root, 'oracle');
    cpSync(project, oracle, { recursive: true });
    execFileSync('go', ['mod', 'edit', `-replace=example.org/proj/sub=github.com/me/proj/sub@${fix}`], {
      cwd: oracle,
      env,
    });
    execFileSync('go', ['mod', 'tidy'], { cwd: oracle, env, stdio: 'pipe' });
    const line = readFileSync(path.join(oracle, 'go.mod'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('replace '));
    expect(line).toMatch(
      /^replace example\.org\/proj\/sub => github\.com\/me\/proj\/sub v1\.0\.1-0\.\d{14}-[0-9a-f]{12}$/,
    );

    const result = await set({ cwd: project, env, dependency: 'example.org/proj/sub', spec: 'me/proj@fix', goGet });
    expect(result.pin.modulePath).toBe('github.com/me/proj/sub');
    expect(result.warnings).toEqual([
      `fix is a branch of github.com/me/proj, and branches move: pinned its current commit ${fix.slice(0, 12)}`,
    ]);
    // The move is judged from the commit of the subdirectory's tag sub/v1.0.0, the module's v1.0.0.
    expect(result.move).toMatchObject({ from: released, to: fix });
    expect(result.after).toMatchObject({ repository: 'github.com/me/proj/sub', ref: line!.split(' ').at(-1) });
    expect(readFileSync(path.join(project, 'go.mod'), 'utf8')).toContain(`\n${line}\n`);
    expect(readFileSync(path.join(project, 'vendor/modules.txt'), 'utf8')).toContain(
      `# example.org/proj/sub v1.0.0 => ${line!.slice('replace example.org/proj/sub => '.length)}\n`,
    );
    expect(runVendored(project)).toBe('fork sub');
  });
});
