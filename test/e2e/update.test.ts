import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { freshGoProject, treeHash } from '../helpers/go-project.js';
import { freshModuleWorld } from '../helpers/module-world.js';
import type { GitWorld } from '../helpers/git.js';

/** A new commit on a branch of a hosted bare repository, pushed as its owner would. */
function pushCommit(
  git: GitWorld,
  bare: string,
  branch: string,
  files: Record<string, string>,
  message: string,
): string {
  const work = path.join(git.root, 'work', `push-${path.basename(bare)}-${branch}-${Date.now()}`);
  git.git(git.root, 'clone', '-q', '--branch', branch, bare, work);
  const sha = git.commit(work, files, message);
  git.git(work, 'push', '-q', bare, `HEAD:refs/heads/${branch}`);
  return sha;
}

describe('update on vendor.conf, with real vndr', { timeout: 60_000 }, () => {
  it("moves a fork pin to its branch's head, then says it is already current", async ({ onTestFinished }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-update-');
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: project.env });
    const set = await cli('set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F1}`);
    expect(set.code, set.stderr).toBe(0);
    const F3 = pushCommit(
      project.git,
      path.join(project.reposDir, 'cirocosta/swarmkit.git'),
      'fix',
      { 'api/fix3.go': 'package api\n\nfunc Fix3() {}\n' },
      'api: third fix',
    );

    const moved = await cli('update', 'swarmkit');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(
      `✓ vendor.conf:3: github.com/docker/swarmkit ${project.sha.F1.slice(0, 12)} via https://github.com/cirocosta/swarmkit → ${F3.slice(0, 12)} via cirocosta/swarmkit, a fork of moby/swarmkit\n`,
    );
    expect(moved.stdout).toContain(
      `note: followed cirocosta/swarmkit's branch fix, the one branch that holds ${project.sha.F1.slice(0, 12)}\n`,
    );
    expect(moved.stdout).not.toContain('warning:');
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toContain(
      `github.com/docker/swarmkit    ${F3} https://github.com/cirocosta/swarmkit\n`,
    );
    // vndr ran: the new commit's file is vendored.
    expect(readFileSync(path.join(project.dir, 'vendor/github.com/docker/swarmkit/api/fix3.go'), 'utf8')).toBe(
      'package api\n\nfunc Fix3() {}\n',
    );

    const vendorBefore = treeHash(path.join(project.dir, 'vendor'));
    const again = await cli('update', 'swarmkit');
    expect(again).toEqual({
      code: 0,
      stdout: `✓ vendor.conf:3: github.com/docker/swarmkit is already current: cirocosta/swarmkit's fix is at ${F3.slice(0, 12)}\n`,
      stderr: '',
    });
    expect(treeHash(path.join(project.dir, 'vendor'))).toEqual(vendorBefore);
    const json = JSON.parse((await cli('update', 'swarmkit', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ branch: 'fix', chosen: 'contains', from: F3, current: true, changed: false });
  });

  it("finds the branch and its head through git when GitHub's API cannot answer", async ({ onTestFinished }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-update-');
    expect(
      (
        await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F1}`], {
          cwd: project.dir,
          env: project.env,
        })
      ).code,
    ).toBe(0);
    const F3 = pushCommit(
      project.git,
      path.join(project.reposDir, 'cirocosta/swarmkit.git'),
      'fix',
      { 'api/fix3.go': 'package api\n\nfunc Fix3() {}\n' },
      'api: third fix',
    );
    const env = { ...project.env, GITHUB_API_URL: await closedPort() };
    const moved = await runCli(['update', 'swarmkit', '--json'], { cwd: project.dir, env });
    expect(moved.code, moved.stderr).toBe(0);
    const result = JSON.parse(moved.stdout) as { pin: { ref: string; via: string }; notes: string[]; branch: string };
    expect(result).toMatchObject({ branch: 'fix', pin: { ref: F3 } });
    expect(result.notes.join('\n')).toContain('resolved through git instead');
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toContain(
      `github.com/docker/swarmkit    ${F3} https://github.com/cirocosta/swarmkit\n`,
    );
  });

  it('asks which branch when several hold the pinned commit, and follows the one named', async ({ onTestFinished }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-update-');
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: project.env });
    // C is the fork's master, and fix and noise grew from it.
    expect((await cli('set', 'swarmkit', `cirocosta/swarmkit@${project.sha.C}`)).code).toBe(0);
    const conf = readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8');
    const asked = await cli('update', 'swarmkit');
    expect(asked).toEqual({
      code: 2,
      stdout: '',
      stderr: `vendorfork: github.com/docker/swarmkit: ${project.sha.C.slice(0, 12)} is on 3 branches of cirocosta/swarmkit (fix, master, noise): name the one to follow (vendorfork update swarmkit BRANCH)\n`,
    });
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toBe(conf);

    const master = await cli('update', 'swarmkit', 'master');
    expect(master.stdout).toContain('is already current: cirocosta/swarmkit');
    const fix = await cli('update', 'swarmkit', 'fix', '--json');
    expect(fix.code, fix.stderr).toBe(0);
    expect(JSON.parse(fix.stdout)).toMatchObject({
      branch: 'fix',
      chosen: 'given',
      from: project.sha.C,
      current: false,
      changed: true,
      pin: { ref: project.sha.F2 },
    });
  });

  it('refuses a branch that drops commits of the pin under --strict, writing nothing', async ({ onTestFinished }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-update-');
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: project.env });
    expect((await cli('set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`)).code).toBe(0);
    const conf = readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8');
    const refused = await cli('update', 'swarmkit', 'master', '--strict');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^vendorfork: refused under --strict, nothing changed: the move drops commits\n/);
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toBe(conf);
  });

  it('--all updates every fork pin and skips what it cannot decide', async ({ onTestFinished }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-update-');
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: project.env });
    expect((await cli('set', 'swarmkit', `cirocosta/swarmkit@${project.sha.C}`)).code).toBe(0);
    const all = await cli('update', '--all', '--json');
    expect(all.code).toBe(1);
    const result = JSON.parse(all.stdout) as {
      updated: unknown[];
      skipped: { importPath: string; branches: string[] }[];
    };
    expect(result.updated).toEqual([]);
    expect(result.skipped).toMatchObject([
      { importPath: 'github.com/docker/swarmkit', branches: ['fix', 'master', 'noise'] },
    ]);
  });
});

describe('update on module files, with the real go', { timeout: 60_000 }, () => {
  for (const layout of ['go.mod', 'vendor.mod'] as const) {
    it(`${layout}: writes go's version for the branch's new head, then says it is already current`, async ({
      onTestFinished,
    }) => {
      const world = await freshModuleWorld(onTestFinished);
      const dir = layout === 'go.mod' ? world.dir : world.mobyDir;
      const cli = (...args: string[]) => runCli(args, { cwd: dir, env: world.env });
      const set = await cli('set', 'lib', 'me/lib@old', '--allow-drop');
      expect(set.code, set.stderr).toBe(0);
      const O2 = pushCommit(
        world.git,
        path.join(world.reposDir, 'me/lib.git'),
        'old',
        { 'extra.go': 'package lib\n\nfunc Extra() string { return "extra" }\n' },
        'lib: extra',
      );
      const moved = await cli('update', 'lib', '--json');
      expect(moved.code, moved.stderr).toBe(0);
      const result = JSON.parse(moved.stdout) as { after: { ref: string }; current: boolean; branch: string };
      expect(result).toMatchObject({ current: false, branch: 'old' });
      // go's own version for the commit: a pseudo-version after v1.0.0, the tag the branch grew from.
      const version = result.after.ref;
      expect(version).toMatch(new RegExp(`^v1\\.0\\.1-0\\.\\d{14}-${O2.slice(0, 12)}$`));
      const asGo = JSON.parse(
        execFileSync('go', ['list', '-m', '-json', `github.com/me/lib@${O2}`], {
          cwd: world.git.root,
          env: world.env,
        }).toString(),
      ) as { Version: string };
      expect(version).toBe(asGo.Version);
      expect(readFileSync(path.join(dir, layout), 'utf8')).toContain(
        `github.com/acme/lib => github.com/me/lib ${version}`,
      );
      expect(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8')).toContain(
        `# github.com/acme/lib v1.1.0 => github.com/me/lib ${version}\n`,
      );
      expect(readFileSync(path.join(dir, 'vendor/github.com/acme/lib/extra.go'), 'utf8')).toContain('"extra"');

      const again = await cli('update', 'lib');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe(
        `✓ ${layout}:${(JSON.parse(moved.stdout) as { after: { line: number } }).after.line}: github.com/acme/lib is already current: me/lib's old is at ${O2.slice(0, 12)}\n`,
      );
    });
  }

  it('asks which branch when several hold the pinned commit', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    const cli = (...args: string[]) => runCli(args, { cwd: world.dir, env: world.env });
    // The fork's master is upstream's U2, and feature and broken grew from it.
    expect((await cli('set', 'lib', 'me/lib@master')).code).toBe(0);
    const asked = await cli('update', 'lib');
    expect(asked).toEqual({
      code: 2,
      stdout: '',
      stderr: `vendorfork: github.com/acme/lib: ${world.sha.U2.slice(0, 12)} is on 4 branches of me/lib (broken, feature, master, needs-newer): name the one to follow (vendorfork update lib BRANCH)\n`,
    });
  });
});
