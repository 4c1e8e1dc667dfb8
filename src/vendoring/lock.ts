import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { stateDir } from '../fs/state-dir.js';

/**
 * Where vendor/ is kept aside while vndr runs, best first. Never inside the
 * project directory: vndr finds the project's own packages by walking all of
 * it but vendor/, .git included (collectPkgs in vndr's pkg.go), so a copy of
 * vendor/ there is parsed as part of the project (100 to 150 ms on a
 * 1,200-file tree), and the old versions' imports keep alive packages that a
 * full vndr run deletes (a test shows both). Hard links and rename want the
 * same file system, so: the repository's .git when the project sits below the
 * work tree's root, else a hidden folder beside the project; last, the
 * system's temporary folder, copied rather than linked if it is another file
 * system.
 */
export function snapshotDirs(projectDir: string): string[] {
  const state = stateDir(projectDir);
  const outside = path.relative(projectDir, state).startsWith('..');
  const id = fnv1a(path.resolve(projectDir));
  return [
    outside
      ? path.join(state, 'vendor-backup')
      : path.join(path.dirname(projectDir), `.${path.basename(projectDir)}.vendorfork-snapshot`),
    path.join(os.tmpdir(), `vendorfork-snapshot-${id}`),
  ];
}

/** A short name for a path (FNV-1a, 32 bits): loading node:crypto would cost this command start-up time. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** What a lock directory says about its holder. */
interface LockOwner {
  pid: number;
  host: string;
  /** The holder's start time in clock ticks since boot (Linux's /proc/PID/stat), so a reused pid is not taken for it. */
  started?: number;
  /** Unique to one holding: tells this holder's lock from a later one with the same pid. */
  token: string;
}

/** The lock of a tree, held by this process until released. */
export interface TreeLock {
  readonly path: string;
  /** Whether the lock directory still names this holder: false when it was removed or taken while we ran. */
  held(): Promise<boolean>;
  /** Gives the lock up; leaves alone a lock that is no longer ours. */
  release(): Promise<void>;
}

/** How long a lock directory may be without its owner file before it counts as abandoned mid-creation. */
const OWNERLESS_GRACE_MS = 10_000;
const OWNER_FILE = 'owner.json';

/**
 * One vendorfork at a time per tree, for as long as its holder lives.
 *
 * The lock is a directory, renamed into place whole (atomic on local file systems), holding the holder's
 * pid, host and process start time. Another run treats it as stale only when that process is gone, or is a zombie,
 * or its pid now belongs to a process started at another time; never by age. An age rule (proper-lockfile's,
 * used before: stale when its mtime was not refreshed for 30 s) can judge a live holder stale when its
 * timers run late, on a loaded machine or after a laptop's sleep, and then two runs rewrite vendor/ at once;
 * and its refresh timer threw ECOMPROMISED where nothing could catch it. A stale lock is taken over under a
 * second, short-lived directory, so that two runs finding the same stale lock cannot both take it.
 */
export async function lockTree(projectDir: string): Promise<TreeLock> {
  const lockPath = path.join(stateDir(projectDir), 'lock');
  await mkdir(path.dirname(lockPath), { recursive: true });
  const me: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    ...startTimeOf(process.pid),
    token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(lockPath, me)) return holding(lockPath, me);
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue; // released between our mkdir and our read: try again
    const verdict = await judge(lockPath, owner);
    if (verdict !== 'stale') throw lockedError(projectDir, lockPath, owner, verdict);
    if (await takeOver(lockPath, owner, me)) return holding(lockPath, me);
    // Another run is replacing the same stale lock: that takes it a few file operations.
    await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
  }
  throw new UserError(
    `could not take the lock ${lockPath}: other vendorfork runs keep taking it; wait for them to finish, and run again`,
  );
}

/**
 * The lock directory appears with its owner file already in it: made and filled under a temporary name
 * beside it, then renamed into place (atomic, and refused by a directory that is there and not empty). So
 * a lock of this version never exists without its owner; one without is debris of a holder killed between
 * mkdir and writing its owner, as versions before this one made it (see judge).
 */
async function tryCreate(lockPath: string, me: LockOwner): Promise<boolean> {
  if (await exists(lockPath)) return false;
  const temporary = `${lockPath}.${me.token}.tmp`;
  await mkdir(temporary);
  try {
    await writeFile(path.join(temporary, OWNER_FILE), JSON.stringify(me) + '\n');
    // rename(2) replaces an empty directory: the check above keeps an owner-less lock from being taken so.
    if (await exists(lockPath)) return false;
    await rename(temporary, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The owner; undefined when the directory has no owner file; 'unreadable' when it has one that does not
 * parse (never judged stale: its holder may be alive); 'gone' when the lock itself is gone.
 */
async function readOwner(lockPath: string): Promise<LockOwner | undefined | 'unreadable' | 'gone'> {
  let text: string;
  try {
    text = await readFile(path.join(lockPath, OWNER_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'unreadable';
    return (await exists(lockPath)) ? undefined : 'gone';
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

type Verdict = 'alive' | 'other-host' | 'starting' | 'unreadable' | 'stale';

async function judge(lockPath: string, owner: LockOwner | undefined | 'unreadable'): Promise<Verdict> {
  if (owner === 'unreadable') return 'unreadable';
  if (!owner) {
    // No owner file: only an older vendorfork leaves a lock so, made by mkdir with the owner written after.
    // Within the grace it may be starting now; past it, it was killed in that instant.
    const made = await stat(lockPath).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    return Date.now() - made < OWNERLESS_GRACE_MS ? 'starting' : 'stale';
  }
  if (owner.host !== os.hostname()) return 'other-host';
  return processIsAlive(owner) ? 'alive' : 'stale';
}

/** The process is there, is not a zombie, and (where the system says) started when the owner file says. */
export function processIsAlive(owner: { pid: number; started?: number }): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(owner.pid);
  if (!stat) return true; // no /proc: the pid is all we have
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.started === undefined || owner.started === stat.started;
}

function startTimeOf(pid: number): { started?: number } {
  const stat = procStat(pid);
  return stat ? { started: stat.started } : {};
}

/** State and start time from /proc/PID/stat; the command name may hold spaces and parentheses, so split after the last ")". */
function procStat(pid: number): { state: string; started: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 3 (state) and 22 (starttime) of proc(5), counted from after the command name.
  const started = Number(fields[19]);
  return Number.isFinite(started) ? { state: fields[0]!, started } : undefined;
}

/**
 * Replaces a stale lock, under a second directory that only one run can make: the run that makes it checks
 * that the lock still names the stale owner it judged, and only then removes it and makes its own. A run
 * killed while holding the second directory leaves it; it is judged by its age, which is safe there
 * because its holder does four file operations and nothing else.
 */
async function takeOver(
  lockPath: string,
  stale: LockOwner | undefined | 'unreadable',
  me: LockOwner,
): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const made = await stat(guard).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - made > OWNERLESS_GRACE_MS) await rm(guard, { recursive: true, force: true });
    return false;
  }
  try {
    const now = await readOwner(lockPath);
    const same =
      now === 'gone' ||
      (now === undefined
        ? stale === undefined
        : typeof now === 'object' && typeof stale === 'object' && now.token === stale.token);
    if (!same) return false;
    await removeWhole(lockPath, me.token);
    return await tryCreate(lockPath, me);
  } finally {
    await rmdir(guard).catch(() => {});
  }
}

/** Renamed away first, then removed: no one sees the lock directory emptied of its owner on the way. */
async function removeWhole(lockPath: string, token: string): Promise<void> {
  const away = `${lockPath}.${token}.removed`;
  try {
    await rename(lockPath, away);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(away, { recursive: true, force: true });
}

function holding(lockPath: string, me: LockOwner): TreeLock {
  const held = async () => {
    const owner = await readOwner(lockPath);
    return typeof owner === 'object' && owner.token === me.token;
  };
  return {
    path: lockPath,
    held,
    release: async () => {
      if (await held()) await removeWhole(lockPath, me.token);
    },
  };
}

function lockedError(
  projectDir: string,
  lockPath: string,
  owner: LockOwner | undefined | 'unreadable',
  verdict: Verdict,
): UserError {
  if (owner === 'unreadable')
    return new UserError(
      `the lock ${lockPath} has an owner file that cannot be read, so whether its holder still runs is not known: if no vendorfork runs on ${projectDir}, remove ${lockPath} and run again`,
    );
  if (verdict === 'other-host')
    return new UserError(
      `${projectDir} is locked by vendorfork pid ${owner!.pid} on ${owner!.host} (lock: ${lockPath}): wait for it to finish; if no vendorfork runs there, remove ${lockPath} and run again`,
    );
  const who = owner ? `another vendorfork (pid ${owner.pid})` : 'another vendorfork';
  return new UserError(`${who} is changing ${projectDir} (lock: ${lockPath}): wait for it to finish, and run again`);
}
