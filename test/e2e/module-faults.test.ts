import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';
import { freshModuleWorld, moduleState, type ModuleWorld } from '../helpers/module-world.js';
import { goBinary } from '../helpers/vndr.js';

// Each fault leaves the module file, its sum file, go.mod's absence (moby's layout) and vendor/ as they
// were, compared file by file. The tests run concurrently, each in a world of its own.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);

type Behaviour = 'fail' | 'killed' | 'wait';

/**
 * A go first on PATH: the real go for everything but `go mod vendor`, which it spoils first (deletes the
 * vendored lib, as a go that dies half way through would leave it) and then fails, is killed, or waits
 * until the test lets it go and runs the real one. It records its pid, and whether a go.mod was there.
 */
function fakeGo(
  world: ModuleWorld,
  behaviour: Behaviour,
): { env: NodeJS.ProcessEnv; pidFile: string; release: () => void; sawGoMod: string } {
  const bin = path.join(world.git.root, `go-${behaviour}`);
  mkdirSync(bin, { recursive: true });
  const pidFile = path.join(bin, 'pid');
  const releaseFile = path.join(bin, 'release');
  const sawGoMod = path.join(bin, 'saw-go.mod');
  const spoil = `rm -rf vendor/github.com/acme/lib\n[ -e go.mod ] && echo yes > "${sawGoMod}"`;
  const body = {
    fail: `${spoil}\necho "go: simulated failure" >&2\nexit 1`,
    killed: `${spoil}\nkill -KILL $$`,
    // Bounded, so that a test that fails before releasing it leaves no process behind for long.
    wait: `for i in $(seq 600); do [ -e "${releaseFile}" ] && break; sleep 0.1; done\nexec "${goBinary()}" "$@"`,
  }[behaviour];
  writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\nif [ "$1" = mod ] && [ "$2" = vendor ]; then\necho $$ > "${pidFile}"\n${body}\nfi\nexec "${goBinary()}" "$@"\n`,
  );
  chmodSync(path.join(bin, 'go'), 0o755);
  return {
    env: { ...world.env, PATH: [bin, world.env.PATH].join(path.delimiter) },
    pidFile,
    release: () => writeFileSync(releaseFile, ''),
    sawGoMod,
  };
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${file} never appeared`);
}

describe.concurrent('faults during set on a module project: every file as it was', { timeout: 60_000 }, () => {
  it.for([
    ['go.mod', 'fail', 'exited with status 1'],
    ['go.mod', 'killed', 'was killed by SIGKILL'],
    ['vendor.mod', 'fail', 'exited with status 1'],
    ['vendor.mod', 'killed', 'was killed by SIGKILL'],
  ] as const)('%s: go mod vendor that %s', async ([modFile, behaviour, how], { onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const dir = modFile === 'go.mod' ? world.dir : world.mobyDir;
    const before = moduleState(dir, modFile);
    const go = fakeGo(world, behaviour);
    const result = await runCli(['set', 'lib', 'me/lib@feature'], { cwd: dir, env: go.env });
    expect(result.code).toBe(2);
    const sum = modFile.replace('.mod', '.sum');
    const args = modFile === 'go.mod' ? 'mod vendor' : `mod vendor -modfile=${path.join(dir, 'vendor.mod')}`;
    expect(result.stderr).toContain(
      `vendorfork: go ${args} ${how}; ${modFile}, ${sum} and vendor/ were put back as they were\n`,
    );
    if (behaviour === 'fail') expect(result.stderr).toContain("go's last lines:\n  go: simulated failure\n");
    // moby's layout: go ran with the stub go.mod, and it is gone again.
    expect(existsSync(go.sawGoMod)).toBe(true);
    expect(moduleState(dir, modFile)).toEqual(before);
  });

  it('go missing: refused before anything is touched', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const env = { ...world.env, PATH: '/nonexistent' };
    const result = await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'vendorfork: go is not on PATH, and a module project needs it (go mod download gives the version and the go.sum lines, go mod vendor refreshes vendor/): install Go\n',
    });
    expect(moduleState(world.dir)).toEqual(before);
  });

  it('an unknown commit: refused before anything is touched', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const before = moduleState(world.dir);
    const result = await runCli(['set', 'lib', `me/lib@${'0'.repeat(40)}`], { cwd: world.dir, env: world.env });
    expect(result.code).toBe(2);
    // GitHub's answer, then go's: a module's ref is asked of go too when GitHub and git do not know it.
    expect(result.stderr).toMatch(
      new RegExp(
        `^vendorfork: github\\.com/me/lib has no commit ${'0'.repeat(40)}: check the SHA and the repository; go cannot resolve github\\.com/me/lib@${'0'.repeat(12)} either \\(.*${'0'.repeat(40)}.*\\)\n$`,
      ),
    );
    expect(moduleState(world.dir)).toEqual(before);
  });

  it('two runs at once: the second is refused while the first holds the tree, which ends as go made it', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const go = fakeGo(world, 'wait');
    const before = moduleState(world.dir);
    const first = runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: go.env });
    await waitFor(go.pidFile);
    const second = await runCli(['set', 'lib2', 'me/lib2@fix'], { cwd: world.dir, env: world.env });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /^vendorfork: another vendorfork \(pid \d+\) is changing .* wait for it to finish, and run again\n$/,
    );
    go.release();
    expect((await first).code).toBe(0);
    const after = moduleState(world.dir);
    expect(after['go.mod']).toContain('replace github.com/acme/lib => github.com/me/lib ');
    expect(after['go.mod']).not.toContain('replace github.com/acme/lib2');
    expect(after).not.toEqual(before);
  });

  it('vendorfork stopped by SIGTERM while go runs: everything put back, no stub go.mod left', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    const go = fakeGo(world, 'wait');
    const before = moduleState(world.mobyDir, 'vendor.mod');
    const child = spawn(
      process.execPath,
      [path.join(projectRoot, 'bin/vendorfork.cjs'), 'set', 'lib', 'me/lib@feature'],
      {
        cwd: world.mobyDir,
        env: go.env,
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(go.pidFile);
    expect(existsSync(path.join(world.mobyDir, 'go.mod'))).toBe(true);
    child.kill('SIGTERM');
    expect(await done).toBe(143);
    expect(stderr).toContain(
      'vendorfork: interrupted by SIGTERM: vendor.mod, vendor.sum and vendor/ were put back as they were\n',
    );
    expect(moduleState(world.mobyDir, 'vendor.mod')).toEqual(before);
  });
});
