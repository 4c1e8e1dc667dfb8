import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';
import { freshGoProject, projectState, type GoProject } from '../helpers/go-project.js';

// Each fault leaves vendor.conf and vendor/ byte-identical to before, shown by hashing both.
// The tests run concurrently, each in its own project.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshGoProject(onTestFinished, 'vendorfork-fault-');

/**
 * A vndr that records its pid, then becomes the real vndr, or waits until
 * the test lets it go and fails, or runs the real vndr and then spoils what
 * it left while exiting 0 (the two results vndr can leave behind on success
 * that the sanity check catches: a raw clone with .git, or no .go file
 * left), or removes vendorfork's lock under it.
 */
function wrapper(
  project: GoProject,
  behaviour:
    'exec' | 'wait-then-fail' | 'then-leave-git' | 'then-drop-go-files' | 'then-remove-lock' | 'orphan-then-fail',
): { vndr: string; pidFile: string; release: () => void } {
  const dir = path.dirname(project.dir);
  const pidFile = path.join(dir, `vndr-${behaviour}.pid`);
  const releaseFile = path.join(dir, `vndr-${behaviour}.release`);
  const vndr = path.join(dir, `vndr-${behaviour}.sh`);
  const swarmkit = 'vendor/github.com/docker/swarmkit';
  const body = {
    exec: `exec "${project.vndr}" "$@"`,
    // Bounded, so a test that fails before releasing it leaves no process behind for long.
    'wait-then-fail': `for i in $(seq 600); do [ -e "${releaseFile}" ] && break; sleep 0.1; done\necho "simulated failure" >&2\nexit 1`,
    'then-leave-git': `"${project.vndr}" "$@" || exit $?\nmkdir ${swarmkit}/.git\nexit 0`,
    'then-drop-go-files': `"${project.vndr}" "$@" || exit $?\nfind ${swarmkit} -name '*.go' -delete\nexit 0`,
    'then-remove-lock': `"${project.vndr}" "$@" || exit $?\nrm -rf .git/vendorfork/lock\nexit 0`,
    // As a git clone that vndr leaves behind: it outlives vndr, and deletes its directory a moment later.
    // (Its output goes to vndr, not to vendorfork: git's does, so vendorfork does not wait for it.)
    'orphan-then-fail': `(sleep 1; rm -rf ${swarmkit}) </dev/null >/dev/null 2>&1 &\necho "clone failed" >&2\nexit 1`,
  }[behaviour];
  writeFileSync(vndr, `#!/bin/sh\necho $$ > "${pidFile}"\n${body}\n`);
  chmodSync(vndr, 0o755);
  return { vndr, pidFile, release: () => writeFileSync(releaseFile, '') };
}

async function waitFor(file: string): Promise<number> {
  for (let i = 0; i < 300; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim()) return Number(readFileSync(file, 'utf8').trim());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${file} never appeared`);
}

function spawnBin(args: string[], project: GoProject) {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/vendorfork.cjs'), ...args], {
    cwd: project.dir,
    env: project.env,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return { child, done };
}

// vndr tries a failing clone 20 times, a second apart. vendorfork stops it at the first attempt when
// git's answer cannot change (a missing commit or repository); a network failure it leaves to vndr's
// retries, and the one test that waits those out takes about 28 s on an idle machine.
const VNDR_GIVES_UP = 90_000;

/** A fork whose clone fails the way a network does: its URL reaches a port where nothing listens. */
function unreachableFork(project: GoProject): string {
  project.git.config('--add', 'url.https://127.0.0.1:1/.insteadOf', 'https://github.com/flaky/');
  return `flaky/swarmkit@${project.sha.F2}`;
}

describe.concurrent('faults during set', () => {
  it('a ref vndr cannot check out (a full SHA taken offline): vndr is stopped at its first attempt', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${'0'.repeat(40)}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.code).toBe(2);
    // The progress line, then one error line with vndr's last lines under it.
    expect(result.stderr).toMatch(
      /^vndr github\.com\/docker\/swarmkit \.\.\.\nvendorfork: vndr could not clone github\.com\/docker\/swarmkit \(fatal: reference is not a tree: 0{40}\); it was stopped rather than left to try 19 more times, and vendor\.conf and vendor\/ were put back as they were\nvndr's last lines:\n/,
    );
    expect(result.stderr).toContain('attempt 1/20 finished with error');
    expect(result.stderr).not.toContain('attempt 2/20');
    expect(projectState(project.dir)).toEqual(before);
  });

  it('a repository URL that does not exist: vndr is stopped at its first attempt', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const result = await runCli(['set', 'swarmkit', `nobody/swarmkit@${project.sha.F2}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /vendorfork: vndr could not clone github\.com\/docker\/swarmkit \(fatal: '[^']*nobody\/swarmkit' does not appear to be a git repository\); it was stopped/,
    );
    expect(result.stderr).not.toContain('attempt 2/20');
    expect(projectState(project.dir)).toEqual(before);
  });

  it(
    'a network failure is left to vndr, which tries 20 times',
    { timeout: VNDR_GIVES_UP },
    async ({ onTestFinished }) => {
      const project = await fresh(onTestFinished);
      const before = projectState(project.dir);
      const result = await runCli(['set', 'swarmkit', unreachableFork(project), '--offline'], {
        cwd: project.dir,
        env: project.env,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('vendorfork: vndr github.com/docker/swarmkit exited with status 1');
      expect(result.stderr).toContain("Couldn't connect to server");
      expect(result.stderr).toContain('attempt 20/20');
      expect(projectState(project.dir)).toEqual(before);
    },
  );

  it('vndr killed mid-run', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const { vndr, pidFile } = wrapper(project, 'exec');
    // A network failure keeps vndr retrying for 20 s: time enough to kill it.
    const run = runCli(['set', 'swarmkit', unreachableFork(project), '--offline', '--vndr', vndr], {
      cwd: project.dir,
      env: project.env,
    });
    process.kill(await waitFor(pidFile), 'SIGKILL');
    const result = await run;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'vendorfork: vndr github.com/docker/swarmkit was killed by SIGKILL; vendor.conf and vendor/ were put back as they were',
    );
    expect(projectState(project.dir)).toEqual(before);
  });

  it.for([
    [
      'then-leave-git',
      'vndr left vendor/github.com/docker/swarmkit/.git behind (a failed checkout leaves a raw clone)',
    ],
    ['then-drop-go-files', 'vndr left no .go file in vendor/github.com/docker/swarmkit, which the project imports'],
  ] as const)(
    'vndr exits 0 but its result fails the sanity check (%s)',
    async ([behaviour, message], { onTestFinished }) => {
      const project = await fresh(onTestFinished);
      const before = projectState(project.dir);
      const { vndr } = wrapper(project, behaviour);
      const result = await runCli(
        ['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline', '--vndr', vndr],
        {
          cwd: project.dir,
          env: project.env,
        },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`vendorfork: ${message}; vendor.conf and vendor/ were put back as they were`);
      expect(projectState(project.dir)).toEqual(before);
    },
  );

  it("vndr's orphaned git cannot delete what was put back: the process group is emptied first", async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const { vndr } = wrapper(project, 'orphan-then-fail');
    const result = await runCli(
      ['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline', '--vndr', vndr],
      { cwd: project.dir, env: project.env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('vendor.conf and vendor/ were put back as they were');
    // Past the moment the orphan would have struck.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(projectState(project.dir)).toEqual(before);
  });

  it('vendorfork itself stopped by SIGTERM mid-run', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const { vndr, pidFile } = wrapper(project, 'exec');
    const { child, done } = spawnBin(
      ['set', 'swarmkit', unreachableFork(project), '--offline', '--vndr', vndr],
      project,
    );
    const vndrPid = await waitFor(pidFile);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain(
      'vendorfork: interrupted by SIGTERM: vendor.conf and vendor/ were put back as they were',
    );
    expect(projectState(project.dir)).toEqual(before);
    expect(() => process.kill(vndrPid, 0)).toThrow();
  });

  it('the project outside $GOPATH/src', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const outside = path.join(path.dirname(project.gopath), 'outside', 'daemon');
    cpSync(project.dir, outside, { recursive: true });
    const before = projectState(outside);
    const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], {
      cwd: outside,
      env: project.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `vendorfork: ${outside} is not under $GOPATH/src (GOPATH=${project.gopath}): vndr would report success after deleting every vendored .go file. Move or clone the project to $GOPATH/src/<import path> (a symlink does not count), or use --no-vndr\n`,
    );
    expect(projectState(outside)).toEqual(before);
  });

  it('two set runs at once: the second is refused while the first holds the tree', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    // The first run's vndr waits until the second run has finished, however slow the machine: no timing involved.
    const { vndr, pidFile, release } = wrapper(project, 'wait-then-fail');
    onTestFinished(release);
    const first = spawnBin(
      ['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline', '--vndr', vndr],
      project,
    );
    await waitFor(pidFile);
    const second = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F1}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    release();
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `vendorfork: another vendorfork (pid ${first.child.pid}) is changing ${project.dir} (lock: ${path.join(project.dir, '.git/vendorfork/lock')}): wait for it to finish, and run again\n`,
    );
    const firstResult = await first.done;
    expect(firstResult.code).toBe(2);
    expect(firstResult.stderr).toContain('simulated failure');
    expect(projectState(project.dir)).toEqual(before);
  });

  it('the lock removed by hand while vndr runs: everything is put back', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    const before = projectState(project.dir);
    const { vndr } = wrapper(project, 'then-remove-lock');
    const result = await runCli(
      ['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline', '--vndr', vndr],
      { cwd: project.dir, env: project.env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `vendorfork: the lock ${path.join(project.dir, '.git/vendorfork/lock')} was removed while this run held it, so another run may have changed the tree too; vendor.conf and vendor/ were put back as they were\n`,
    );
    expect(projectState(project.dir)).toEqual(before);
  });

  it('a read-only vendor.conf', async ({ onTestFinished }) => {
    const project = await fresh(onTestFinished);
    chmodSync(path.join(project.dir, 'vendor.conf'), 0o444);
    const before = projectState(project.dir);
    const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `vendorfork: ${path.join(project.dir, 'vendor.conf')} is read-only (mode 0444); make it writable (chmod u+w) and run again\n`,
    );
    expect(projectState(project.dir)).toEqual(before);
  });
});

describe('argument injection through vendor.conf', () => {
  // No whitespace inside: a field cannot hold any.
  it.for(['--upload-pack=touch%MARKER', '-oProxyCommand=touch%MARKER', 'ext::sh%-c%touch%MARKER'])(
    'a third field %s is refused before git or vndr runs, and no file is created',
    async (url, { onTestFinished }) => {
      const project = await fresh(onTestFinished);
      const marker = path.join(path.dirname(project.dir), 'pwned');
      const conf = readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8').replace(
        `github.com/acme/util          ${project.utilSha}`,
        `github.com/acme/util          ${project.utilSha} ${url.replace('MARKER', marker)}`,
      );
      writeFileSync(path.join(project.dir, 'vendor.conf'), conf);
      const before = projectState(project.dir);
      const requests = project.github.requests.length;
      for (const args of [
        ['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`],
        ['set', 'util', '@master'],
        ['reset', 'util'],
      ]) {
        const result = await runCli(args, { cwd: project.dir, env: project.env });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(
          /^vendorfork: vendor\.conf:2:\d+: unsafe-value: repository ".*" could be read by git as an option or a remote helper: write a plain value/,
        );
      }
      expect(existsSync(marker)).toBe(false);
      expect(project.github.requests.length).toBe(requests);
      expect(projectState(project.dir)).toEqual(before);
    },
  );
});

describe('file URLs', () => {
  it('are refused, in the spec and in vendor.conf, unless --allow-file-urls; then a local mirror works', async ({
    onTestFinished,
  }) => {
    const project = await fresh(onTestFinished);
    const mirror = `file://${project.reposDir}/cirocosta/swarmkit.git`;
    const before = projectState(project.dir);
    const refused = await runCli(['set', 'swarmkit', `${mirror}@${project.sha.F2}`], {
      cwd: project.dir,
      env: project.env,
    });
    expect(refused.stderr).toBe(
      `vendorfork: fork spec "${mirror}@${project.sha.F2}" is a file URL: refused (pass --allow-file-urls for a local mirror)\n`,
    );
    expect(projectState(project.dir)).toEqual(before);

    const allowed = await runCli(['set', 'swarmkit', `${mirror}@${project.sha.F2}`, '--allow-file-urls'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(allowed.stderr).not.toContain('vendorfork:');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`warning: ${mirror} is a local path: the pin works only on machines that have it`);
    expect(readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8')).toContain(
      `github.com/docker/swarmkit    ${project.sha.F2} ${mirror}\n`,
    );
    expect(existsSync(path.join(project.dir, 'vendor/github.com/docker/swarmkit/api/fix.go'))).toBe(true);

    // Now vendor.conf holds a file URL: other commands refuse it too, unless allowed.
    const other = await runCli(['set', 'util', `@${project.utilSha}`, '--offline'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(other.stderr).toMatch(
      /^vendorfork: vendor\.conf:3:\d+: file-url: .* is a local path, which works only on this machine \(fix this first, or pass --allow-file-urls; vendorfork check lists every problem\)\n$/,
    );
    const sync = await runCli(['sync', '--dry-run'], { cwd: project.dir, env: project.env });
    expect(sync.code).toBe(2);
    expect(
      (await runCli(['sync', '--dry-run', '--allow-file-urls'], { cwd: project.dir, env: project.env })).code,
    ).toBe(0);
  });
});
