import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { goProject, treeHash, type GoProject } from '../helpers/go-project.js';
import { vndrVersion } from '../helpers/vndr.js';

let root: string;
let project: GoProject;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-e2e-'));
  project = await goProject(root);
});
afterAll(async () => {
  await project?.github.close();
  rmSync(root, { recursive: true, force: true });
});

const SWARMKIT_DIR = 'vendor/github.com/docker/swarmkit';

/** The files of `sha` that vndr keeps for this project: the api package's .go files and the README. */
function expectedSwarmkit(sha: string): Record<string, string> {
  const files = project.git
    .git(project.reposDir + '/cirocosta/swarmkit.git', 'ls-tree', '-r', '--name-only', sha)
    .split('\n');
  const kept = files.filter((f) => (f.startsWith('api/') && f.endsWith('.go')) || /README/.test(f));
  return Object.fromEntries(
    kept.map((f) => [f, project.git.git(project.reposDir + '/cirocosta/swarmkit.git', 'show', `${sha}:${f}`)]),
  );
}

function vendoredSwarmkit(): Record<string, string> {
  const dir = path.join(project.dir, SWARMKIT_DIR);
  return Object.fromEntries(
    Object.keys(treeHash(dir)).map((f) => [f, readFileSync(path.join(dir, f), 'utf8').trimEnd()]),
  );
}

describe('set and reset with real vndr', () => {
  it('runs vndr v0.1.2, the version moby pinned (these tests are never skipped)', () => {
    expect(vndrVersion(project.vndr)).toBe('v0.1.2');
  });

  it('vendors exactly the fork at the pinned commit, and leaves every other dependency byte-identical', async () => {
    const othersBefore = treeHash(path.join(project.dir, 'vendor'), { exclude: 'github.com/docker/swarmkit' });
    const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2.slice(0, 8)}`], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.stderr).toBe(
      `vndr github.com/docker/swarmkit ...\nvndr github.com/docker/swarmkit: done in ${/done in (\S+ s)/.exec(result.stderr)?.[1]}\n`,
    );
    expect(result.code).toBe(0);
    expect(vendoredSwarmkit()).toEqual(expectedSwarmkit(project.sha.F2));
    expect(Object.keys(vendoredSwarmkit())).toContain('api/fix.go');
    expect(treeHash(path.join(project.dir, 'vendor'), { exclude: 'github.com/docker/swarmkit' })).toEqual(othersBefore);
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toBe(
      `# the daemon's dependencies\ngithub.com/acme/util          ${project.utilSha}\ngithub.com/docker/swarmkit    ${project.sha.F2} https://github.com/cirocosta/swarmkit\n`,
    );
    // What vendorfork produced is what a full vndr run produces from the same vendor.conf.
    const afterSet = treeHash(path.join(project.dir, 'vendor'));
    execFileSync(project.vndr, [], { cwd: project.dir, env: project.env, stdio: 'pipe' });
    expect(treeHash(path.join(project.dir, 'vendor'))).toEqual(afterSet);
  });
});

describe('set when the new pin stops importing a package', () => {
  // vndr keeps a vendored package when any package of the project imports it, and it finds the
  // project's packages by walking the whole project directory (vendor/ aside), .git included.
  let withImport: string;
  let withoutImport: string;
  const unused = () => path.join(project.dir, 'vendor/github.com/acme/util/unused');
  const pinUsingUnused = async () => {
    expect((await runCli(['set', 'swarmkit', `@${withImport}`], { cwd: project.dir, env: project.env })).code).toBe(0);
    // vndr IMPORT_PATH only clones that dependency: a full run brings util/unused back, now that it is used.
    execFileSync(project.vndr, [], { cwd: project.dir, env: project.env, stdio: 'pipe' });
    expect(existsSync(unused())).toBe(true);
  };
  beforeAll(() => {
    const { git, reposDir } = project;
    const work = path.join(root, 'work/swarmkit-unused');
    git.git(root, 'clone', '-q', path.join(reposDir, 'moby/swarmkit.git'), work);
    withImport = git.commit(
      work,
      { 'api/uses.go': 'package api\n\nimport _ "github.com/acme/util/unused"\n' },
      'api: use util/unused',
    );
    git.git(work, 'push', '-q', path.join(reposDir, 'moby/swarmkit.git'), 'HEAD:refs/heads/uses-unused');
    withoutImport = git.commit(work, { 'api/uses.go': null }, 'api: stop using util/unused');
    git.git(work, 'push', '-q', path.join(reposDir, 'cirocosta/swarmkit.git'), 'HEAD:refs/heads/drop-unused');
  });

  it('lets vndr delete it, as a full vndr run does', async () => {
    await pinUsingUnused();
    const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${withoutImport}`], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.code).toBe(0);
    expect(existsSync(unused())).toBe(false);
    const afterSet = treeHash(path.join(project.dir, 'vendor'));
    execFileSync(project.vndr, [], { cwd: project.dir, env: project.env, stdio: 'pipe' });
    expect(treeHash(path.join(project.dir, 'vendor'))).toEqual(afterSet);
  });

  // Why the snapshot of vendor/ is kept outside the project directory: vndr reads a copy inside it as project code.
  it('keeps the package when a copy of vendor/ sits in .git, as snapshots once did', async () => {
    const copyAt = '.git/vendorfork/probe/vendor-backup';
    await pinUsingUnused();
    const conf = path.join(project.dir, 'vendor.conf');
    const before = readFileSync(conf, 'utf8');
    writeFileSync(
      conf,
      before.replace(
        /^github\.com\/docker\/swarmkit .*$/m,
        `github.com/docker/swarmkit ${withoutImport} https://github.com/cirocosta/swarmkit`,
      ),
    );
    const copy = path.join(project.dir, copyAt);
    mkdirSync(path.dirname(copy), { recursive: true });
    execFileSync('cp', ['-al', path.join(project.dir, 'vendor'), copy]);
    try {
      execFileSync(project.vndr, ['github.com/docker/swarmkit'], { cwd: project.dir, env: project.env, stdio: 'pipe' });
      expect(existsSync(unused())).toBe(true);
    } finally {
      rmSync(path.join(project.dir, '.git/vendorfork/probe'), { recursive: true, force: true });
      writeFileSync(conf, before);
    }
  });
});

describe('reset with real vndr', () => {
  it('goes back to the upstream commit the fork was based on, and says which', async () => {
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], { cwd: project.dir, env: project.env });
    const result = await runCli(['reset', 'swarmkit'], { cwd: project.dir, env: project.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `note: pinned the upstream commit the fork was based on: ${project.sha.C.slice(0, 12)}, where cirocosta/swarmkit (2 commits ahead) left moby/swarmkit's master`,
    );
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toBe(
      `# the daemon's dependencies\ngithub.com/acme/util          ${project.utilSha}\ngithub.com/docker/swarmkit    ${project.sha.C}\n`,
    );
    expect(vendoredSwarmkit()).toEqual(expectedSwarmkit(project.sha.C));
    expect(Object.keys(vendoredSwarmkit())).not.toContain('api/fix.go');
  });

  it('goes back to a given upstream tag', async () => {
    await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], { cwd: project.dir, env: project.env });
    const result = await runCli(['reset', 'swarmkit', 'v1.0.0', '--json'], { cwd: project.dir, env: project.env });
    expect(JSON.parse(result.stdout)).toMatchObject({
      pin: { ref: 'v1.0.0', kind: 'tag', repositoryUrl: null },
      changed: true,
    });
    expect(vendoredSwarmkit()).toEqual(expectedSwarmkit(project.sha.B));
  });
});

describe('sync with real vndr', () => {
  it('refreshes vendor/ for a hand-edited entry, giving what set gives', async () => {
    await runCli(['reset', 'swarmkit', project.sha.C], { cwd: project.dir, env: project.env });
    project.git.git(project.dir, 'add', '-A');
    project.git.git(project.dir, 'commit', '-q', '-m', 'back to upstream', '--allow-empty');
    const confPath = path.join(project.dir, 'vendor.conf');
    const edited = readFileSync(confPath, 'utf8').replace(
      `github.com/docker/swarmkit    ${project.sha.C}`,
      `github.com/docker/swarmkit    ${project.sha.F1} https://github.com/cirocosta/swarmkit.git`,
    );
    writeFileSync(confPath, edited);
    const dry = await runCli(['sync', '--dry-run', '--json'], { cwd: project.dir, env: project.env });
    expect(JSON.parse(dry.stdout)).toMatchObject({
      base: 'HEAD',
      changes: [{ importPath: 'github.com/docker/swarmkit', change: 'repository' }],
      dryRun: true,
    });
    const result = await runCli(['sync'], { cwd: project.dir, env: project.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '✓ vendor.conf: refreshed vendor/ for 1 entry changed since HEAD\n  repository github.com/docker/swarmkit\n',
    );
    expect(readFileSync(confPath, 'utf8')).toBe(edited);
    expect(vendoredSwarmkit()).toEqual(expectedSwarmkit(project.sha.F1));
    const again = await runCli(['sync', '--base', 'HEAD'], { cwd: project.dir, env: project.env });
    expect(again.stdout).toBe(
      '✓ vendor.conf: refreshed vendor/ for 1 entry changed since HEAD\n  repository github.com/docker/swarmkit\n',
    );
  });

  it('refuses a base revision git could read as an option', async () => {
    const result = await runCli(['sync', '--base=--output=/tmp/x'], { cwd: project.dir, env: project.env });
    expect(result.stderr).toBe(
      'vendorfork: "--output=/tmp/x" is not a revision git can take safely: write a branch, tag or SHA\n',
    );
  });
});
