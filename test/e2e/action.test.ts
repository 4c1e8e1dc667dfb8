import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { projectRoot } from '../helpers/corpus.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// The GitHub Action's entry point (action/main.mjs, what action.yml runs after building the CLI), run as the
// runner runs it: a real process with the environment GitHub sets for a pull_request event (the event file,
// GITHUB_BASE_REF, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, INPUT_*), on a real repository vendored by the real
// go. It runs dist/ through bin/vendorfork.cjs: npm run build first.
async function runAction(
  world: ModuleWorld,
  dir: string,
  inputs: Record<string, string>,
  extra: NodeJS.ProcessEnv = {},
) {
  const summary = path.join(world.git.root, `summary-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    ...world.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: summary,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extra,
  };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(projectRoot, 'action/main.mjs')], {
      cwd: dir,
      env,
    });
    return { code: 0, stdout, summary: readFileSync(summary, 'utf8') };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout, summary: readFileSync(summary, 'utf8') };
  }
}

function pullRequestEvent(world: ModuleWorld, base: string): string {
  const file = path.join(world.git.root, 'event.json');
  writeFileSync(
    file,
    JSON.stringify({ action: 'opened', number: 7, pull_request: { base: { sha: base, ref: 'master' } } }),
  );
  return file;
}

describe.concurrent('the GitHub Action', { timeout: 120_000 }, () => {
  it('checks, verifies, and writes the diff against the base to the job summary (go.mod)', async ({
    onTestFinished,
  }) => {
    const world = await freshModuleWorld(onTestFinished);
    const dir = world.dir;
    const base = world.git.rev(dir, 'HEAD');
    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: dir, env: world.env })).code).toBe(0);
    world.git.git(dir, 'add', '-A');
    world.git.git(dir, 'commit', '-q', '-m', 'Move lib to the fork');
    const event = pullRequestEvent(world, base);

    const passed = await runAction(
      world,
      dir,
      { verify: 'true' },
      { GITHUB_EVENT_PATH: event, GITHUB_BASE_REF: 'master' },
    );
    expect(passed.code, passed.stdout + passed.summary).toBe(0);
    expect(passed.summary).toContain('**check** `go.mod`: ✓ 0 errors, 0 warnings');
    expect(passed.summary).toContain('**verify**: ✓ vendor/ is what the file pins');
    expect(passed.summary).toContain('### Changes to `go.mod`');
    expect(passed.summary).toMatch(/^\| `github\.com\/acme\/lib` \| moved to a fork \| `v1\.1\.0` \| .*me\/lib/m);
    expect(passed.summary).not.toContain('**Failed:**');

    // The base from GITHUB_BASE_REF alone (origin/master), when the event names none.
    world.git.git(dir, 'update-ref', 'refs/remotes/origin/master', base);
    const byRef = await runAction(world, dir, {}, { GITHUB_BASE_REF: 'master' });
    expect(byRef.code).toBe(0);
    expect(byRef.summary).toContain('moved to a fork');
    // A base the checkout lacks: said, and no diff; not a failure of the pull request.
    const shallow = await runAction(world, dir, {}, { GITHUB_EVENT_PATH: pullRequestEvent(world, '0'.repeat(40)) });
    expect(shallow.code).toBe(0);
    expect(shallow.summary).toContain(`No diff: the base commit ${'0'.repeat(40)} is not in the checkout`);
  });

  it('fails on an error, annotates its line, and still writes the diff (vendor.mod)', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    const dir = world.mobyDir;
    const base = world.git.rev(dir, 'HEAD');
    const mod = path.join(dir, 'vendor.mod');
    writeFileSync(
      mod,
      `${readFileSync(mod, 'utf8')}\nreplace github.com/acme/rpc => github.com/acme/rpc v1.1.1-0.20241301000000-0123456789ab\n`,
    );
    world.git.git(dir, 'commit', '-q', '-am', 'A hand-written pseudo-version');
    const line =
      readFileSync(mod, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('replace github.com/acme/rpc')) + 1;
    const failed = await runAction(world, dir, {}, { GITHUB_EVENT_PATH: pullRequestEvent(world, base) });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`::error file=vendor.mod,line=${line},col=`);
    expect(failed.stdout).toContain(
      ',title=pseudo-version-malformed::v1.1.1-0.20241301000000-0123456789ab is not a pseudo-version go accepts',
    );
    expect(failed.summary).toContain('**check** `vendor.mod`: ✗ 1 error, 0 warnings');
    expect(failed.summary).toContain('**pseudo-version-malformed**');
    expect(failed.summary).toContain('**Failed:** check.');
    expect(failed.summary).toContain('### Changes to `vendor.mod`');
  });
});
