import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'vitest';
import type { GitWorld } from './git.js';
import { copyWorld, relocateEnv, swarmkitWorld, type HostedWorld, type SwarmkitWorld } from './world.js';
import { goBinary, testVndr } from './vndr.js';

export interface GoProject extends SwarmkitWorld, GoLayout {
  /** Another dependency, to check that set leaves it alone. */
  utilSha: string;
}

/**
 * A small moby-like project under a temporary $GOPATH/src: it imports
 * github.com/docker/swarmkit/api and github.com/acme/util, vendored with the
 * real vndr from local repositories that https://github.com/... reaches
 * through url.<local>.insteadOf in the test-only global git config.
 */
export async function goProject(root: string, options: { token?: string } = {}): Promise<GoProject> {
  const world = await swarmkitWorld(root, { limits: { anonymous: 100_000, authenticated: 100_000 }, ...options });
  const { git, reposDir } = world;
  const util = git.init('acme-util', {
    'util.go': 'package util\n\nfunc Util() string { return "u" }\n',
    'util_test.go': 'package util\n',
    LICENSE: 'Apache-2.0\n',
    'docs/notes.md': '# notes\n',
    'unused/unused.go': 'package unused\n',
  });
  const utilSha = git.rev(util, 'HEAD');
  git.bare(util, path.join(reposDir, 'acme/util.git'));
  // GitHub's rename, for git: the old URL reaches the new repository.
  git.config(`url.${path.join(reposDir, 'moby/swarmkit.git')}.insteadOf`, 'https://github.com/docker/swarmkit');
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');

  const layout = vendoredGoProject(world.git, 'github.com/example/daemon', world.github.baseUrl, {
    'main.go':
      'package main\n\nimport (\n\t"github.com/acme/util"\n\t"github.com/docker/swarmkit/api"\n)\n\nvar _ = api.Node{}\n\nfunc main() { println(util.Util()) }\n',
    'vendor.conf': `# the daemon's dependencies\ngithub.com/acme/util          ${utilSha}\ngithub.com/docker/swarmkit    ${world.sha.C}\n`,
  });
  return { ...world, ...layout, utilSha };
}

/** sha256 of every file under `dir` (path and content), for byte-for-byte comparisons of trees. */
export function treeHash(dir: string, options: { exclude?: string } = {}): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (options.exclude && (relative === options.exclude || relative.startsWith(options.exclude + path.sep)))
        continue;
      if (entry.isDirectory()) walk(full);
      else hashes[relative] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return hashes;
}

/** The whole state a transaction must preserve: vendor.conf's bytes and mode, and every file of vendor/. */
export function projectState(dir: string): { conf: string; vendor: Record<string, string> } {
  return { conf: readFileSync(path.join(dir, 'vendor.conf'), 'latin1'), vendor: treeHash(path.join(dir, 'vendor')) };
}

/** Where a GOPATH project of the tests lives, and the environment a user's shell would have there. */
export interface GoLayout {
  gopath: string;
  /** $GOPATH/src/IMPORT_PATH, a git repository with a vndr-made vendor/, committed. */
  dir: string;
  vndr: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A project under ROOT/gopath/src/IMPORT_PATH with `files`, vendored by the real vndr and committed, and
 * its environment: GOPATH, go and vndr on PATH, GOPATH mode, the world's hermetic git config, the fake
 * GitHub, a cache of its own.
 */
export function vendoredGoProject(
  git: GitWorld,
  importPath: string,
  githubUrl: string,
  files: Record<string, string>,
): GoLayout {
  const gopath = path.join(git.root, 'gopath');
  const dir = path.join(gopath, 'src', importPath);
  mkdirSync(dir, { recursive: true });
  git.git(dir, 'init', '-q');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const go = goBinary();
  const vndr = testVndr();
  const env: NodeJS.ProcessEnv = {
    ...git.env,
    PATH: [path.dirname(go), path.dirname(vndr), process.env.PATH].join(path.delimiter),
    GOPATH: gopath,
    GO111MODULE: 'off',
    // One build cache for every test, as module-world.ts has: go's cache is safe to share between processes, and
    // an empty one per project made each --build test compile the runtime from source (30 s on two busy cores).
    GOCACHE: path.join(os.tmpdir(), 'vendorfork-test-gocache'),
    GITHUB_API_URL: githubUrl,
    XDG_CACHE_HOME: path.join(git.root, 'cache'),
    VENDORFORK_RETRY_BASE_MS: '5',
    VNDR: vndr,
  };
  execFileSync(vndr, [], { cwd: dir, env, stdio: 'pipe' });
  git.git(dir, 'add', '-A');
  git.git(dir, 'commit', '-q', '-m', 'Vendor with vndr');
  return { gopath, dir, vndr, env };
}

/**
 * A fixture of its own for each test, removed when that test ends: built once per test file (each file
 * runs in a process of its own) and copied for each test. Building takes about a second of git and vndr,
 * the copy about a tenth of that, and on two cores the difference decided whether concurrent end-to-end
 * tests stayed far from their timeouts. Takes the test context's onTestFinished, so it works in
 * concurrent tests too.
 */
export function perFileFixture<P extends HostedWorld & GoLayout>(
  prefix: string,
  build: (root: string) => Promise<P>,
): (onTestFinished: TestContext['onTestFinished']) => Promise<P> {
  let template: Promise<P> | undefined;
  return async (onTestFinished) => {
    template ??= (async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), `${prefix}template-`));
      process.once('exit', () => rmSync(root, { recursive: true, force: true }));
      const built = await build(root);
      // Every copy serves its own repositories; the template's server is not needed.
      await built.github.close();
      return built;
    })();
    const root = mkdtempSync(path.join(os.tmpdir(), prefix));
    const copy = await copyGoProject(await template, root);
    onTestFinished(async () => {
      await copy.github.close();
      rmSync(root, { recursive: true, force: true });
    });
    return copy;
  };
}

const goProjectFixtures = new Map<string, ReturnType<typeof perFileFixture<GoProject>>>();

/** A goProject of its own for one test (see perFileFixture). */
export function freshGoProject(onTestFinished: TestContext['onTestFinished'], prefix: string): Promise<GoProject> {
  let fixture = goProjectFixtures.get(prefix);
  if (!fixture) goProjectFixtures.set(prefix, (fixture = perFileFixture(prefix, goProject)));
  return fixture(onTestFinished);
}

/** A copy of a project in the empty folder `root`: its paths, its environment and its fake GitHub are its own. */
export async function copyGoProject<P extends HostedWorld & GoLayout>(project: P, root: string): Promise<P> {
  const from = project.git.root;
  const world = await copyWorld(project, root);
  const move = (file: string) => path.join(root, path.relative(from, file));
  const env = { ...relocateEnv(project.env, from, root), GITHUB_API_URL: world.github.baseUrl };
  // Every path of the project's own (dir, gopath, a second project's folder) moves with the copy.
  const paths = Object.fromEntries(
    Object.entries(project)
      .filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].startsWith(from + path.sep),
      )
      .map(([key, value]) => [key, move(value)]),
  );
  return { ...project, ...world, ...paths, env };
}
