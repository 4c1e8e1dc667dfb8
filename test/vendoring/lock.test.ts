import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { lockTree, processIsAlive } from '../../src/vendoring/lock.js';
import { tempDir } from '../helpers/cli.js';

/** A project directory with no git repository around it: the lock lives in PROJECT/.vendorfork/lock. */
function project(): { dir: string; lockPath: string } {
  const dir = path.join(tempDir('vendorfork-lock-'), 'daemon');
  mkdirSync(dir, { recursive: true });
  return { dir, lockPath: path.join(dir, '.vendorfork', 'lock') };
}

function startTime(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

/** Writes the lock another process would hold, as lockTree writes it. */
function lockHeldBy(lockPath: string, owner: { pid: number; host?: string; started?: number }): void {
  mkdirSync(lockPath, { recursive: true });
  writeFileSync(
    path.join(lockPath, 'owner.json'),
    JSON.stringify({ host: os.hostname(), token: `other-${owner.pid}`, ...owner }) + '\n',
  );
}

/** A process that lives until killed, as a holder waiting on a slow vndr does. */
function liveProcess(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  return child as ChildProcess & { pid: number };
}

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$']);
  return Number(child.stdout.toString().trim());
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe('lockTree', () => {
  it('holds while its holder lives, however old the lock looks', async () => {
    const { dir, lockPath } = project();
    const holder = liveProcess();
    try {
      lockHeldBy(lockPath, { pid: holder.pid, started: startTime(holder.pid) });
      // A year without a touch: an age rule would call this stale (proper-lockfile's did after 30 s).
      const yearAgo = new Date(Date.now() - 365 * 86_400_000);
      utimesSync(lockPath, yearAgo, yearAgo);
      utimesSync(path.join(lockPath, 'owner.json'), yearAgo, yearAgo);
      expect(await refusal(lockTree(dir))).toBe(
        `another vendorfork (pid ${holder.pid}) is changing ${dir} (lock: ${lockPath}): wait for it to finish, and run again`,
      );
      expect(JSON.parse(readFileSync(path.join(lockPath, 'owner.json'), 'utf8')).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('is taken over as soon as its holder is gone', async () => {
    const { dir, lockPath } = project();
    const holder = liveProcess();
    lockHeldBy(lockPath, { pid: holder.pid, started: startTime(holder.pid) });
    await refusal(lockTree(dir));
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const lock = await lockTree(dir);
    expect(JSON.parse(readFileSync(path.join(lockPath, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    expect(await lock.held()).toBe(true);
    await lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('does not take a reused pid for the holder: the start time must match too', async () => {
    const { dir, lockPath } = project();
    // This very process's pid, with a start time it never had: the holder died and its pid came back.
    lockHeldBy(lockPath, { pid: process.pid, started: startTime(process.pid) - 1 });
    const lock = await lockTree(dir);
    expect(await lock.held()).toBe(true);
    await lock.release();
  });

  it('counts a zombie as gone', async () => {
    const { dir, lockPath } = project();
    // A child that exits while its parent sleeps without reaping it. It outlives the exec by a moment: a shell
    // may reap a child that is already gone before it execs, and then there would be no zombie to judge.
    const parent = spawn('sh', ['-c', 'sh -c "sleep 0.3" & echo $!; exec sleep 600'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const zombie = await new Promise<number>((resolve) =>
        parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
      );
      for (let i = 0; i < 250 && !/\) Z /.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
      expect(processIsAlive({ pid: zombie })).toBe(false);
      lockHeldBy(lockPath, { pid: zombie, started: startTime(zombie) });
      const lock = await lockTree(dir);
      await lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('refuses a lock held on another host, and says how to clear it', async () => {
    const { dir, lockPath } = project();
    lockHeldBy(lockPath, { pid: deadPid(), host: 'build-box-7' });
    expect(await refusal(lockTree(dir))).toMatch(
      new RegExp(
        `^${dir} is locked by vendorfork pid \\d+ on build-box-7 \\(lock: ${lockPath}\\): wait for it to finish; if no vendorfork runs there, remove ${lockPath} and run again$`,
      ),
    );
  });

  it('leaves a lock being created alone, and takes one abandoned mid-creation', async () => {
    const { dir, lockPath } = project();
    mkdirSync(lockPath, { recursive: true });
    expect(await refusal(lockTree(dir))).toBe(
      `another vendorfork is changing ${dir} (lock: ${lockPath}): wait for it to finish, and run again`,
    );
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lockPath, minuteAgo, minuteAgo);
    const lock = await lockTree(dir);
    await lock.release();
  });

  it('never counts a lock whose owner file cannot be read as stale, however old', async () => {
    const { dir, lockPath } = project();
    // A holder's owner file this version cannot parse (a newer format, or a disk that failed): it may be alive.
    mkdirSync(lockPath, { recursive: true });
    writeFileSync(path.join(lockPath, 'owner.json'), '{"pid": 12');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path.join(lockPath, 'owner.json'), hourAgo, hourAgo);
    utimesSync(lockPath, hourAgo, hourAgo);
    expect(await refusal(lockTree(dir))).toBe(
      `the lock ${lockPath} has an owner file that cannot be read, so whether its holder still runs is not known: if no vendorfork runs on ${dir}, remove ${lockPath} and run again`,
    );
    expect(readFileSync(path.join(lockPath, 'owner.json'), 'utf8')).toBe('{"pid": 12');
  });

  it('makes no lock directory without its owner in it, and does not take an empty one by rename', async () => {
    const { dir, lockPath } = project();
    mkdirSync(path.dirname(lockPath), { recursive: true });
    // Every moment the lock directory exists, it holds its owner: watched while many runs race for it.
    const seen: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          seen.push(readdirSync(lockPath).join(','));
        } catch {
          // not there at this instant
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let round = 0; round < 20; round++) {
      const lock = await lockTree(dir);
      await lock.release();
    }
    watching = false;
    await watcher;
    expect(seen.filter((names) => names !== 'owner.json')).toEqual([]);
    // An empty directory (an older version's lock, just made by mkdir): rename(2) would replace it, and must not.
    mkdirSync(lockPath);
    expect(await refusal(lockTree(dir))).toBe(
      `another vendorfork is changing ${dir} (lock: ${lockPath}): wait for it to finish, and run again`,
    );
    expect(readdirSync(lockPath)).toEqual([]);
  });

  it('lets exactly one of many runs take a stale lock', async () => {
    const { dir, lockPath } = project();
    lockHeldBy(lockPath, { pid: deadPid() });
    const attempts = await Promise.allSettled(Array.from({ length: 16 }, () => lockTree(dir)));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const attempt of attempts) if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(UserError);
    const lock = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockTree>>>).value;
    expect(await lock.held()).toBe(true);
    await lock.release();
  });

  it('leaves a stale lock to the run already replacing it, and clears a replacement abandoned long ago', async () => {
    const { dir, lockPath } = project();
    lockHeldBy(lockPath, { pid: deadPid() });
    // Another run holds the takeover directory: it has checked the stale owner and is about to replace it.
    mkdirSync(`${lockPath}.takeover`);
    expect(await refusal(lockTree(dir))).toBe(
      `could not take the lock ${lockPath}: other vendorfork runs keep taking it; wait for them to finish, and run again`,
    );
    expect(JSON.parse(readFileSync(path.join(lockPath, 'owner.json'), 'utf8')).pid).not.toBe(process.pid);
    // That run was killed mid-way: its takeover directory is old, and is cleared.
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${lockPath}.takeover`, minuteAgo, minuteAgo);
    const lock = await lockTree(dir);
    expect(await lock.held()).toBe(true);
    await lock.release();
    expect(existsSync(`${lockPath}.takeover`)).toBe(false);
  });

  it('knows when it was removed under it, and then releases nothing of anyone else', async () => {
    const { dir, lockPath } = project();
    const lock = await lockTree(dir);
    spawnSync('rm', ['-rf', lockPath]);
    expect(await lock.held()).toBe(false);
    const next = await lockTree(dir);
    await lock.release();
    expect(await next.held()).toBe(true);
    await next.release();
  });
});
