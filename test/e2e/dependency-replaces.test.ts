import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshGoProject } from '../helpers/go-project.js';
import { freshModuleWorld } from '../helpers/module-world.js';
import type { GitWorld } from '../helpers/git.js';

// A dependency's own fork pins are read by nobody outside it: go ignores its replace directives
// (golang/go#30354), vndr reads only the project's vendor.conf. Moving to a commit that has some is warned of,
// line by line, and refused under --strict: the case of moby's swarmkit bump 06c797f517, which copied
// swarmkit's `replace github.com/rexray/gocsi => github.com/dperny/gocsi v1.2.3-pre` (from its vendor.mod) by
// hand. Real go, real vndr, real git, the local GitHub stand-in.

/** A branch of the hosted fork with `files` on top of `from`: what a fork's owner pushes. */
function pushBranch(git: GitWorld, bare: string, from: string, branch: string, files: Record<string, string | null>) {
  const work = path.join(git.root, 'work', `${branch}-${path.basename(bare)}`);
  git.git(git.root, 'clone', '-q', bare, work);
  git.git(work, 'checkout', '-q', '-b', branch, `origin/${from}`);
  const sha = git.commit(work, files, `${branch}: pin a dependency of its own`);
  git.git(work, 'push', '-q', 'origin', branch);
  return sha;
}

const RPC_REPLACE = 'replace github.com/acme/rpc => github.com/acme/rpc v1.0.0';
const libMod = (replace: string) =>
  `module github.com/acme/lib\n\ngo 1.20\n\nrequire github.com/acme/rpc v1.1.0\n\n${replace}\n`;

describe.concurrent("a dependency's own fork pins", { timeout: 90_000 }, () => {
  for (const [layout, depFile] of [
    ['go.mod', 'go.mod'],
    ['vendor.mod', 'vendor.mod'],
  ] as const) {
    it(`are warned of on set, each line, and refused under --strict (project ${layout}, the fork's ${depFile})`, async ({
      onTestFinished,
    }) => {
      const world = await freshModuleWorld(onTestFinished);
      const dir = layout === 'go.mod' ? world.dir : world.mobyDir;
      const bare = path.join(world.reposDir, 'me/lib.git');
      // The fork's module file, found as a project's own: go.mod, else vendor.mod (swarmkit's layout of 2022).
      const files: Record<string, string | null> =
        depFile === 'go.mod'
          ? { 'go.mod': libMod(RPC_REPLACE) }
          : { 'go.mod': null, 'vendor.mod': libMod(RPC_REPLACE) };
      const sha = pushBranch(world.git, bare, 'feature', 'pins', files);
      const strict = await runCli(['set', 'lib', 'me/lib@pins', '--strict'], { cwd: dir, env: world.env });
      expect(strict.code).toBe(2);
      const warning = `lib at ${sha.slice(0, 7)} has \`${RPC_REPLACE}\` (${depFile}:7), which your ${layout} lacks: go ignores a dependency's replace directives, so your build of github.com/acme/rpc differs from lib's own; copy the line into your ${layout} if lib needs it`;
      // The fork requiring an older rpc is no problem of its own: go's minimal version selection keeps the
      // project's rpc (no 'built with' drift for modules, issue 21), so the ignored replace is the one refusal.
      expect(strict.stderr).toContain(
        "refused under --strict, nothing changed: the move brings fork pins of the dependency's own that nobody reads\n",
      );
      expect(strict.stderr).toContain(warning);
      const set = await runCli(['set', 'lib', 'me/lib@pins', '--json'], { cwd: dir, env: world.env });
      expect(set.code, set.stderr).toBe(0);
      const json = JSON.parse(set.stdout);
      expect(json.warnings).toContain(warning);
      expect(json.ignoredForks).toEqual([
        { file: depFile, line: 7, text: RPC_REPLACE, importPath: 'github.com/acme/rpc', target: 'github.com/acme/rpc' },
      ]);
      // The same move, uncommitted, judged by sync against HEAD.
      const sync = await runCli(['sync', '--dry-run', '--json'], { cwd: dir, env: world.env });
      expect(sync.code, sync.stderr).toBe(0);
      const synced = JSON.parse(sync.stdout);
      expect(synced.warnings).toContain(warning);
      expect(
        synced.changes.find((c: { importPath: string }) => c.importPath === 'github.com/acme/lib').ignoredForks,
      ).toEqual(json.ignoredForks);
      // Copied into the project's file, the line is no longer lacked.
      await runCli(['reset', 'lib', 'v1.1.0'], { cwd: dir, env: world.env });
      const { appendFileSync } = await import('node:fs');
      appendFileSync(path.join(dir, layout), `\n${RPC_REPLACE}\n`);
      const again = await runCli(['set', 'lib', 'me/lib@pins', '--dry-run', '--json'], { cwd: dir, env: world.env });
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).ignoredForks).toBeUndefined();
    });
  }

  it('are warned of for a vendor.conf fork whose own vendor.conf pins a fork URL, set and sync', async ({
    onTestFinished,
  }) => {
    const project = await freshGoProject(onTestFinished, 'vendorfork-depforks-');
    const bare = path.join(project.reposDir, 'cirocosta/swarmkit.git');
    const line = `github.com/acme/util ${project.utilSha} https://github.com/someone/util`;
    const sha = pushBranch(project.git, bare, 'fix', 'pins', { 'vendor.conf': `# swarmkit's own\n${line}\n` });
    const warning = `swarmkit at ${sha.slice(0, 7)} has \`${line}\` (vendor.conf:2), which your vendor.conf lacks: vndr reads only your vendor.conf, so you vendor github.com/acme/util without that fork; copy the line into your vendor.conf if swarmkit needs it`;
    const strict = await runCli(['set', 'swarmkit', 'cirocosta/swarmkit@pins', '--strict'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(warning);
    const dry = await runCli(['set', 'swarmkit', 'cirocosta/swarmkit@pins', '--dry-run', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      warnings: expect.arrayContaining([warning]),
      ignoredForks: [{ file: 'vendor.conf', line: 2, importPath: 'github.com/acme/util', target: 'someone/util' }],
    });
    // The same move written by hand: sync judges it the same way.
    const { readFileSync, writeFileSync } = await import('node:fs');
    const conf = path.join(project.dir, 'vendor.conf');
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8').replace(
        `github.com/docker/swarmkit    ${project.sha.C}`,
        `github.com/docker/swarmkit    ${sha} https://github.com/cirocosta/swarmkit`,
      ),
    );
    const sync = await runCli(['sync', '--dry-run', '--json'], { cwd: project.dir, env: project.env });
    expect(sync.code, sync.stderr).toBe(0);
    const synced = JSON.parse(sync.stdout);
    expect(synced.warnings).toContain(warning);
    expect(synced.changes[0].ignoredForks).toHaveLength(1);
  });
});
