import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { projectState } from '../helpers/go-project.js';
import { freshHazard, type HazardWorld } from '../helpers/hazard.js';

const fresh = (onTestFinished: TestContext['onTestFinished']) => freshHazard(onTestFinished);
const short = (sha: string) => sha.slice(0, 7);
const set = (world: HazardWorld, ...args: string[]) =>
  runCli(['set', 'lib', ...args], { cwd: world.dir, env: world.env });

function dropped(world: HazardWorld): string {
  return `${short(world.sha.F)} lacks 2 commits of the current pin ${short(world.sha.U2)}: Merge pull request #7 from acme/bump-rpc, Bump rpc to v2; moving reverts them. Rebase the fork onto ${short(world.sha.U2)}, or accept with --allow-drop`;
}
function drift(world: HazardWorld): string {
  return `lib at ${short(world.sha.F)} was built with github.com/acme/rpc v1.0.0 (v2.0.0 at ${short(world.sha.U2)}); your vendor.conf pins v2.0.0`;
}

describe.concurrent('a move to a fork that drops upstream commits and changes pins underneath', () => {
  it('names the dropped merge first and the rpc drift, as warnings', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const result = await set(world, `me/lib@${short(world.sha.F)}`, '--json');
    // vndr ran: its progress is all stderr has.
    expect(result.stderr).toMatch(
      /^vndr github\.com\/acme\/lib \.\.\.\nvndr github\.com\/acme\/lib: done in [\d.]+ s\n$/,
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.warnings).toEqual([dropped(world), drift(world)]);
    expect(json.move).toEqual({
      from: world.sha.U2,
      to: world.sha.F,
      source: 'github',
      dropped: {
        from: world.sha.U2,
        to: world.sha.F,
        count: 2,
        commits: [
          { sha: world.sha.U2, subject: 'Merge pull request #7 from acme/bump-rpc', merge: true },
          { sha: world.sha.bump, subject: 'Bump rpc to v2', merge: false },
        ],
      },
      drift: [
        { importPath: 'github.com/acme/rpc', old: 'v2.0.0', new: 'v1.0.0', project: 'v2.0.0', file: 'vendor.conf' },
      ],
    });
  });

  it('refuses under --strict and changes nothing', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = projectState(world.dir);
    const result = await set(world, `me/lib@${short(world.sha.F)}`, '--strict');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `vendorfork: refused under --strict, nothing changed: the move drops commits (2 problems)\n  ${dropped(world)}\n  ${drift(world)}\n`,
    );
    expect(projectState(world.dir)).toEqual(before);
  });

  it('takes the drop with --allow-drop, and still says what changes underneath', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const result = await set(world, `me/lib@${short(world.sha.F)}`, '--allow-drop', '--no-vndr');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `note: accepted with --allow-drop: ${short(world.sha.F)} lacks 2 commits of the current pin ${short(world.sha.U2)}: Merge pull request #7 from acme/bump-rpc, Bump rpc to v2\n`,
    );
    expect(result.stdout).toContain(`warning: ${drift(world)}\n`);
    expect(result.stdout).not.toContain('accept with --allow-drop');
  });

  it('still sets the pin when GitHub refuses one of the questions about the move, and says so', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    // An answer that is not "unavailable" (git would not be asked instead): the move cannot be judged.
    world.github.inject(
      { kind: 'status', status: 401, body: { message: 'Bad credentials' } },
      { path: /\/git\/trees\//, times: 2 },
    );
    const result = await set(world, `me/lib@${short(world.sha.F)}`, '--no-vndr', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([
      expect.stringMatching(/^could not tell what the move drops or changes underneath: .* rejected the token/),
    ]);
  });

  it('tells the same through git when GitHub cannot answer', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const result = await runCli(['set', 'lib', `me/lib@${short(world.sha.F)}`, '--no-vndr', '--json'], {
      cwd: world.dir,
      env: { ...world.env, GITHUB_API_URL: await closedPort() },
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.move.source).toBe('git');
    expect(json.warnings).toEqual([dropped(world), drift(world)]);
  });

  it('has nothing to say about a move forward, and counts a move back as a drop', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const back = await set(world, `@${world.sha.U1}`, '--no-vndr', '--json');
    expect(JSON.parse(back.stdout).move.dropped.count).toBe(2);
    // From U1 forward to U2: U1 is an ancestor of U2, nothing is lost; lib's rpc pin changes, and matches the project's.
    const forward = await set(world, `@${world.sha.U2}`, '--no-vndr', '--json');
    expect(forward.code).toBe(0);
    const json = JSON.parse(forward.stdout);
    expect(json.move.dropped).toBeUndefined();
    expect(json.move.drift).toEqual([
      { importPath: 'github.com/acme/rpc', old: 'v1.0.0', new: 'v2.0.0', project: 'v2.0.0', file: 'vendor.conf' },
    ]);
    // It now agrees with the project's pin: a note, not a warning, and --strict lets it through.
    expect(json.warnings).toEqual([]);
    expect(json.notes).toEqual([
      `lib at ${short(world.sha.U2)} was built with github.com/acme/rpc v2.0.0 (v1.0.0 at ${short(world.sha.U1)}); your vendor.conf pins v2.0.0`,
    ]);
  });
});

describe.concurrent('set --build: prove the move compiles', () => {
  it('refuses a move that breaks the build, and puts everything back', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = projectState(world.dir);
    const result = await set(world, `me/lib@${short(world.sha.F)}`, '--build', '--allow-drop');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'vendorfork: the move breaks the build: 1 package compiles no more (go build, GOPATH mode), so vendor.conf and vendor/ were put back as they were\n# github.com/example/app/vendor/github.com/acme/lib\n',
    );
    expect(result.stderr).toMatch(/vendor\/github\.com\/acme\/lib\/feature\.go:5:\d+: undefined: rpc\.Old/);
    // legacy failed before the move too: not blamed, not listed.
    expect(result.stderr).not.toContain('# github.com/example/app/legacy');
    expect(projectState(world.dir)).toEqual(before);
  });

  it('lets through a move that compiles, and names what failed before it already', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const result = await set(world, `me/lib@rebased`, '--build');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '✓ go build: ./vendor/github.com/acme/lib/... and 2 packages of the project that import it compile; 1 package failed before the move already and still does: github.com/example/app/legacy\n',
    );
    expect(readFileSync(path.join(world.dir, 'vendor/github.com/acme/lib/feature.go'), 'utf8')).toContain('rpc.New()');
  });

  it('has no use without vndr', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    expect(await set(world, `me/lib@rebased`, '--build', '--no-vndr')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'vendorfork: --build compiles what was vendored, and --no-vndr vendors nothing: drop one of them\n',
    });
  });
});

describe.concurrent('sync judges a hand-edited move as set does', () => {
  const editToFork = (world: HazardWorld) =>
    writeFileSync(
      path.join(world.dir, 'vendor.conf'),
      `github.com/acme/lib ${world.sha.F} https://github.com/me/lib\ngithub.com/acme/rpc v2.0.0\n`,
    );
  const sync = (world: HazardWorld, ...args: string[]) => runCli(['sync', ...args], { cwd: world.dir, env: world.env });

  it('warns of what the move drops and changes underneath, dry run or not', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    editToFork(world);
    const result = await sync(world, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `vendor.conf: 1 entry changed since HEAD (dry run: nothing vendored)\n  repository github.com/acme/lib\nwarning: ${dropped(world)}\nwarning: ${drift(world)}\n`,
    );
  });

  it('refuses under --strict before vndr runs, and changes nothing', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    editToFork(world);
    const before = projectState(world.dir);
    const result = await sync(world, '--strict');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `vendorfork: refused under --strict, nothing changed: moving 1 entry would drop commits or change pins underneath (2 problems)\n  ${dropped(world)}\n  ${drift(world)}\n`,
    );
    expect(projectState(world.dir)).toEqual(before);
  });

  it('says nothing offline with no copy of the network to judge from', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    editToFork(world);
    const result = await sync(world, '--dry-run', '--offline', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ warnings: [], notes: [] });
  });
});

describe.concurrent('diff shows what each move drops and changes underneath', () => {
  const editToFork = (world: HazardWorld) =>
    writeFileSync(
      path.join(world.dir, 'vendor.conf'),
      `github.com/acme/lib ${world.sha.F} https://github.com/me/lib\ngithub.com/acme/rpc v2.0.0\n`,
    );
  const diff = (world: HazardWorld, env: NodeJS.ProcessEnv, ...args: string[]) =>
    runCli(['diff', ...args], { cwd: world.dir, env });

  it('per row with --online, in text, markdown and JSON', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    editToFork(world);
    const text = await diff(world, world.env, '--online');
    expect(text.stdout).toContain(`⚠ ${dropped(world)}\n`);
    expect(text.stdout).toContain(`⚠ ${drift(world)}\n`);
    const markdown = await diff(world, world.env, '--online', '--format', 'markdown');
    expect(markdown.stdout).toContain(
      `#### What the moves drop or change underneath\n\n- \`github.com/acme/lib\`: ${dropped(world)}\n- \`github.com/acme/lib\`: ${drift(world)}\n`,
    );
    const json = JSON.parse((await diff(world, world.env, '--online', '--format', 'json')).stdout);
    expect(json.changes[0].move).toMatchObject({ source: 'github', dropped: { count: 2 } });
  });

  it("offline, from git's copy of the network once a run has made one, and not before", async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    editToFork(world);
    expect((await diff(world, world.env)).stdout).not.toContain('⚠');
    // A run that went through git (GitHub's API unreachable) leaves git's copy behind.
    const closed = { ...world.env, GITHUB_API_URL: await closedPort() };
    expect((await runCli(['sync', '--dry-run'], { cwd: world.dir, env: closed })).code).toBe(0);
    const requests = world.github.requests.length;
    const offline = await diff(world, { ...world.env, GIT_CONFIG_GLOBAL: deadEndGitConfig(world.dir) });
    expect(offline.stdout).toContain(`⚠ ${dropped(world)}\n`);
    expect(world.github.requests.length).toBe(requests);
  });
});

/** A git config whose every https URL leads to a closed local port: git cannot reach anything, here or beyond. */
function deadEndGitConfig(dir: string): string {
  const file = path.join(dir, '..', 'dead-end-gitconfig');
  writeFileSync(file, '[url "https://127.0.0.1:1/"]\n\tinsteadOf = https://\n');
  return file;
}

describe.concurrent('status', () => {
  it('says a fork entry is behind the upstream pin it replaced, from the history of vendor.conf', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    expect((await set(world, `me/lib@${short(world.sha.F)}`, '--allow-drop', '--no-vndr')).code).toBe(0);
    world.git.git(world.dir, 'commit', '-q', '-am', 'Vendor lib from the fork');
    const text = await runCli(['status'], { cwd: world.dir, env: world.env });
    expect(text.stdout).toContain(
      `github.com/acme/lib: carries 1 commit not in acme/lib; behind the upstream pin it replaced (${world.sha.U2.slice(0, 12)}): lacks 2 commits of it, Merge pull request #7 from acme/bump-rpc, Bump rpc to v2\n`,
    );
    const json = JSON.parse((await runCli(['status', '--json'], { cwd: world.dir, env: world.env })).stdout);
    expect(json.rows[0].replaced).toMatchObject({ ref: world.sha.U2, dropped: { count: 2, from: world.sha.U2 } });
  });
});
