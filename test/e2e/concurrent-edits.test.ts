import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import type { FakeGitHub } from '../github/fake-github.js';
import { projectRoot } from '../helpers/corpus.js';
import { freshGoProject } from '../helpers/go-project.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';
import { goBinary } from '../helpers/vndr.js';

// Two runs on one project at once, every way they can meet, each made to happen rather than hoped for: run A
// is held inside its lock (its vndr or go mod vendor waits on a file until the test lets it go), and run B
// after it read the manifest and before it takes the lock (its first GitHub request is held by the local
// GitHub). B's read and B's lock each come before, during or after A's holding of the lock. Whatever the
// order, no edit is lost: both survive, or B is refused with one line and changes nothing.

/** Where B reads the manifest, and where it takes the lock, against the time A holds the lock. */
type Position = 'before' | 'during' | 'after';
const ORDERINGS: [read: Position, lock: Position][] = [
  ['before', 'before'],
  ['before', 'during'],
  ['before', 'after'],
  ['during', 'during'],
  ['during', 'after'],
  ['after', 'after'],
];

/** What B does in an ordering: it takes a free lock over an unchanged file, or it is refused, and why. */
function expected([read, lock]: [Position, Position]): 'both' | 'locked' | 'changed' {
  if (lock === 'during') return 'locked';
  return read === 'before' && lock === 'after' ? 'changed' : 'both';
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnBin(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/vendorfork.cjs'), ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { pid: child.pid!, done };
}

/**
 * A stand-in for vndr or go that, for the one step run inside the lock (vndr; go mod vendor), says it has
 * started, waits for the test to let it go, then becomes the real tool. Bounded, so that a test that fails
 * before letting it go leaves no process behind for long.
 */
function gate(dir: string, name: string, real: string, holdWhen: string) {
  mkdirSync(dir, { recursive: true });
  const entered = path.join(dir, `${name}.entered`);
  const release = path.join(dir, `${name}.release`);
  const script = path.join(dir, name);
  writeFileSync(
    script,
    `#!/bin/sh\nif ${holdWhen}; then\n  : > "${entered}"\n  for i in $(seq 1200); do [ -e "${release}" ] && break; sleep 0.05; done\nfi\nexec "${real}" "$@"\n`,
  );
  chmodSync(script, 0o755);
  return {
    script,
    entered: () => waitForFile(entered),
    release: () => writeFileSync(release, ''),
  };
}

async function waitForFile(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** Waits for `point`, unless the run ends first: then the test fails with what it said. */
async function reached(point: Promise<void>, run: Promise<Finished>, what: string): Promise<void> {
  const ended = run.then((r) => {
    throw new Error(`${what} ended (exit ${r.code}) before reaching its point:\n${r.stderr}`);
  });
  await Promise.race([point, ended]);
  ended.catch(() => {});
}

interface Race {
  github: FakeGitHub;
  /** Starts A, whose step inside the lock waits at its gate. */
  startA: () => ReturnType<typeof spawnBin>;
  gateA: ReturnType<typeof gate>;
  startB: () => ReturnType<typeof spawnBin>;
  /** B's first request to GitHub, after it read the manifest. */
  bRequest: RegExp;
}

/** Plays one ordering to its end, and returns what each run said. */
async function play(race: Race, [read, lock]: [Position, Position]): Promise<{ a: Finished; b: Finished }> {
  let b: ReturnType<typeof spawnBin> | undefined;
  let releaseB = () => {};
  const startB = async () => {
    const hold = race.github.hold(race.bRequest);
    releaseB = hold.release;
    b = race.startB();
    await reached(hold.arrived, b.done, 'run B');
  };
  const finishB = async () => {
    releaseB();
    await b!.done;
  };
  let a: ReturnType<typeof spawnBin> | undefined;
  try {
    if (read === 'before') await startB();
    if (lock === 'before') await finishB();
    a = race.startA();
    await reached(race.gateA.entered(), a.done, 'run A');
    if (read === 'during') await startB();
    if (lock === 'during') await finishB();
    race.gateA.release();
    await a.done;
    if (read === 'after') await startB();
    if (lock === 'after') await finishB();
    return { a: await a.done, b: await b!.done };
  } finally {
    // A failed expectation above leaves neither run waiting, nor writing into a folder being removed.
    releaseB();
    race.gateA.release();
    await Promise.all([a?.done, b?.done]);
  }
}

/** Exit 0, and nothing on stderr but the progress lines of the tool it ran. */
function expectDone(run: Finished) {
  expect(run.stderr.split('\n').filter((line) => line && !/^(vndr|go mod vendor) /.test(line))).toEqual([]);
  expect(run.code).toBe(0);
}

function expectRefused(b: Finished, why: 'locked' | 'changed', dir: string, file: string, aPid: number | undefined) {
  expect(b.code).toBe(2);
  expect(b.stderr).toBe(
    why === 'locked'
      ? `vendorfork: another vendorfork (pid ${aPid}) is changing ${dir} (lock: ${path.join(dir, '.git/vendorfork/lock')}): wait for it to finish, and run again\n`
      : `vendorfork: ${file} changed after this run read it (another vendorfork run, or an editor?): nothing was changed; run again\n`,
  );
}

/** A GOPATH project with vendor.conf (util and swarmkit), and a newer commit of util for A to move to. */
async function confProject(onTestFinished: TestContext['onTestFinished']) {
  const project = await freshGoProject(onTestFinished, 'vendorfork-race-');
  const work = path.join(project.git.root, 'work', 'util-newer');
  project.git.git(project.git.root, 'clone', '-q', path.join(project.reposDir, 'acme/util.git'), work);
  const newerUtil = project.git.commit(
    work,
    { 'util.go': 'package util\n\nfunc Util() string { return "newer" }\n' },
    'util: newer',
  );
  project.git.git(work, 'push', '-q', 'origin', 'master');
  const gateA = gate(path.join(project.git.root, 'gate'), 'vndr', project.vndr, 'true');
  // B waits on GitHub for as long as the test holds it: its own deadline is not what is tested here.
  const envB = { ...project.env, VENDORFORK_TIMEOUT: '300' };
  const conf = () => readFileSync(path.join(project.dir, 'vendor.conf'), 'utf8');
  const vendored = (file: string) => readFileSync(path.join(project.dir, 'vendor', file), 'utf8');
  let aPid: number | undefined;
  const race = (argsB: string[], argsA = ['set', 'util', `@${newerUtil}`, '--offline']): Race => ({
    github: project.github,
    gateA,
    startA: () => {
      const run = spawnBin(argsA, project.dir, { ...project.env, VNDR: gateA.script });
      aPid = run.pid;
      return run;
    },
    startB: () => spawnBin(argsB, project.dir, envB),
    bRequest: /swarmkit/,
  });
  return { project, newerUtil, conf, vendored, race, aPid: () => aPid };
}

/** The module app (go.mod, go.sum, vendor/), with a go whose go mod vendor waits at A's gate. */
async function moduleProject(onTestFinished: TestContext['onTestFinished']) {
  const world: ModuleWorld = await freshModuleWorld(onTestFinished);
  const gateDir = path.join(world.git.root, 'gate');
  const gateA = gate(gateDir, 'go', goBinary(), '[ "$1 $2" = "mod vendor" ]');
  const envA = { ...world.env, PATH: [gateDir, world.env.PATH].join(path.delimiter) };
  const envB = { ...world.env, VENDORFORK_TIMEOUT: '300' };
  const mod = () => readFileSync(path.join(world.dir, 'go.mod'), 'utf8');
  const vendored = (file: string) => readFileSync(path.join(world.dir, 'vendor', file), 'utf8');
  let aPid: number | undefined;
  const race = (argsB: string[], argsA = ['set', 'lib', `me/lib@${world.sha.F}`]): Race => ({
    github: world.github,
    gateA,
    startA: () => {
      const run = spawnBin(argsA, world.dir, envA);
      aPid = run.pid;
      return run;
    },
    startB: () => spawnBin(argsB, world.dir, envB),
    bRequest: /lib2/,
  });
  return { world, mod, vendored, race, aPid: () => aPid };
}

const FORK_FIX = 'vendor/github.com/docker/swarmkit/api/fix.go';

// Up to about 45 s a test when all 36 run, five at a time, on two busy cores; most take 15 to 40 s.
describe.concurrent('two runs on vendor.conf, every ordering', { timeout: 120_000 }, () => {
  it.for(ORDERINGS)(
    'set util against set swarmkit: B reads %s and locks %s A',
    async (ordering, { onTestFinished }) => {
      const { project, newerUtil, conf, vendored, race, aPid } = await confProject(onTestFinished);
      const before = conf();
      const { a, b } = await play(race(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`]), ordering);
      expectDone(a);
      expect(conf()).toContain(`github.com/acme/util          ${newerUtil}\n`);
      expect(vendored('github.com/acme/util/util.go')).toContain('"newer"');
      const outcome = expected(ordering);
      if (outcome === 'both') {
        expectDone(b);
        expect(conf()).toBe(
          before
            .replace(project.utilSha, newerUtil)
            .replace(
              `github.com/docker/swarmkit    ${project.sha.C}`,
              `github.com/docker/swarmkit    ${project.sha.F2} https://github.com/cirocosta/swarmkit`,
            ),
        );
        expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(true);
      } else {
        expectRefused(b, outcome, project.dir, 'vendor.conf', aPid());
        expect(conf()).toBe(before.replace(project.utilSha, newerUtil));
        expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(false);
      }
    },
  );

  it.for(ORDERINGS)('set util against sync: B reads %s and locks %s A', async (ordering, { onTestFinished }) => {
    const { project, newerUtil, conf, vendored, race, aPid } = await confProject(onTestFinished);
    // swarmkit moved to the fork by hand: sync vendors it.
    const edited = conf().replace(
      `github.com/docker/swarmkit    ${project.sha.C}`,
      `github.com/docker/swarmkit    ${project.sha.F2} https://github.com/cirocosta/swarmkit`,
    );
    writeFileSync(path.join(project.dir, 'vendor.conf'), edited);
    const { a, b } = await play(race(['sync']), ordering);
    expectDone(a);
    expect(conf()).toBe(edited.replace(project.utilSha, newerUtil));
    expect(vendored('github.com/acme/util/util.go')).toContain('"newer"');
    const outcome = expected(ordering);
    if (outcome === 'both') {
      expectDone(b);
      expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(true);
    } else {
      expectRefused(b, outcome, project.dir, 'vendor.conf', aPid());
      expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(false);
    }
  });

  it.for(ORDERINGS)(
    'set util against reset swarmkit: B reads %s and locks %s A',
    async (ordering, { onTestFinished }) => {
      const { project, newerUtil, conf, vendored, race, aPid } = await confProject(onTestFinished);
      // swarmkit on the fork, vendored and committed: reset takes it back to where the fork left upstream.
      const onFork = spawnBin(['set', 'swarmkit', `cirocosta/swarmkit@${project.sha.F2}`], project.dir, project.env);
      expect((await onFork.done).code).toBe(0);
      project.git.git(project.dir, 'commit', '-q', '-am', 'swarmkit on the fork');
      const forked = conf();
      const { a, b } = await play(race(['reset', 'swarmkit']), ordering);
      expectDone(a);
      expect(vendored('github.com/acme/util/util.go')).toContain('"newer"');
      const outcome = expected(ordering);
      if (outcome === 'both') {
        expectDone(b);
        expect(conf()).toBe(
          forked
            .replace(project.utilSha, newerUtil)
            .replace(
              `github.com/docker/swarmkit    ${project.sha.F2} https://github.com/cirocosta/swarmkit`,
              `github.com/docker/swarmkit    ${project.sha.C}`,
            ),
        );
        expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(false);
      } else {
        expectRefused(b, outcome, project.dir, 'vendor.conf', aPid());
        expect(conf()).toBe(forked.replace(project.utilSha, newerUtil));
        expect(existsSync(path.join(project.dir, FORK_FIX))).toBe(true);
      }
    },
  );
});

describe.concurrent('two runs on go.mod, every ordering', { timeout: 120_000 }, () => {
  const libForked = (_world: ModuleWorld, mod: string) => mod.includes('github.com/acme/lib => github.com/me/lib v');
  const lib2Line = 'github.com/acme/lib2/v2 => github.com/me/lib2/v2 v2.0.1';

  it.for(ORDERINGS)('set lib against set lib2: B reads %s and locks %s A', async (ordering, { onTestFinished }) => {
    const { world, mod, vendored, race, aPid } = await moduleProject(onTestFinished);
    const { a, b } = await play(race(['set', 'lib2', 'me/lib2@fix']), ordering);
    expectDone(a);
    expect(libForked(world, mod())).toBe(true);
    expect(vendored('github.com/acme/lib/lib.go')).toContain('"fork lib with "');
    const outcome = expected(ordering);
    if (outcome === 'both') {
      expectDone(b);
      expect(mod()).toContain(lib2Line);
      expect(vendored('github.com/acme/lib2/v2/lib2.go')).toContain('"tagged fork lib2"');
    } else {
      expectRefused(b, outcome, world.dir, 'go.mod', aPid());
      expect(mod()).not.toContain('lib2/v2 =>');
      expect(vendored('github.com/acme/lib2/v2/lib2.go')).toContain('"upstream lib2"');
    }
  });

  it.for(ORDERINGS)('set lib against sync: B reads %s and locks %s A', async (ordering, { onTestFinished }) => {
    const { world, mod, vendored, race, aPid } = await moduleProject(onTestFinished);
    // lib2 moved to the fork by hand, its sums added as go mod download gives them (else A's go mod vendor,
    // run on the edited file, would fail for want of them): sync vendors it.
    writeFileSync(path.join(world.dir, 'go.mod'), `${mod()}\nreplace ${lib2Line}\n`);
    const fork = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', 'github.com/me/lib2/v2@v2.0.1'], {
        cwd: world.dir,
        env: world.env,
        encoding: 'utf8',
      }),
    ) as { Sum: string; GoModSum: string };
    appendFileSync(
      path.join(world.dir, 'go.sum'),
      `github.com/me/lib2/v2 v2.0.1 ${fork.Sum}\ngithub.com/me/lib2/v2 v2.0.1/go.mod ${fork.GoModSum}\n`,
    );
    const { a, b } = await play(race(['sync']), ordering);
    expectDone(a);
    expect(libForked(world, mod())).toBe(true);
    expect(mod()).toContain(`replace ${lib2Line}\n`);
    const outcome = expected(ordering);
    if (outcome === 'both') {
      expectDone(b);
      expect(vendored('github.com/acme/lib2/v2/lib2.go')).toContain('"tagged fork lib2"');
      expect(vendored('github.com/acme/lib/lib.go')).toContain('"fork lib with "');
    } else {
      expectRefused(b, outcome, world.dir, 'go.mod', aPid());
      expect(vendored('github.com/acme/lib/lib.go')).toContain('"fork lib with "');
    }
  });

  it.for(ORDERINGS)('set lib against reset lib2: B reads %s and locks %s A', async (ordering, { onTestFinished }) => {
    const { world, mod, vendored, race, aPid } = await moduleProject(onTestFinished);
    const onFork = spawnBin(['set', 'lib2', 'me/lib2@fix'], world.dir, world.env);
    expect((await onFork.done).code).toBe(0);
    world.git.git(world.dir, 'commit', '-q', '-am', 'lib2 on the fork');
    const { a, b } = await play(race(['reset', 'lib2', 'v2.0.0']), ordering);
    expectDone(a);
    expect(libForked(world, mod())).toBe(true);
    expect(vendored('github.com/acme/lib/lib.go')).toContain('"fork lib with "');
    const outcome = expected(ordering);
    if (outcome === 'both') {
      expectDone(b);
      expect(mod()).not.toContain(lib2Line);
      expect(vendored('github.com/acme/lib2/v2/lib2.go')).toContain('"upstream lib2"');
    } else {
      expectRefused(b, outcome, world.dir, 'go.mod', aPid());
      expect(mod()).toContain(lib2Line);
      expect(vendored('github.com/acme/lib2/v2/lib2.go')).toContain('"tagged fork lib2"');
    }
  });
});
