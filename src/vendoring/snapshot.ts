import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  promises as fs,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';

/**
 * A copy of vendor/ made of hard links: vndr only ever deletes files and
 * writes new ones (git clone), never changes one in place, so linking is as
 * good as copying and costs no data. Falls back to copying across devices.
 *
 * The directory vndr is about to replace can be moved into the snapshot
 * instead of linked (`moveAside`): vndr's first act on it is to delete it
 * whole (os.RemoveAll in godl.Download), so vndr sees the same tree, and a
 * rename costs nothing where linking a swarmkit-sized dependency costs tens of
 * milliseconds.
 */
export class VendorSnapshot {
  private constructor(
    private readonly vendorDir: string,
    private readonly backupDir: string,
    private readonly existed: boolean,
  ) {}

  /**
   * Snapshots vendorDir at the first of `backupDirs` that can hold it (a
   * folder that cannot be created, or a file in the way, moves on to the next).
   * `moveAside` is a directory under vendorDir (relative, with `/`) to move
   * into the snapshot rather than link, or `.` for vendorDir itself; it is
   * linked like the rest when the snapshot is on another file system.
   */
  static async take(vendorDir: string, backupDirs: string[], moveAside?: string): Promise<VendorSnapshot> {
    const aside = moveAside === undefined ? undefined : path.join(vendorDir, ...moveAside.split('/'));
    let lastError: unknown;
    for (const backupDir of backupDirs) {
      const parked = `${backupDir}.moving`;
      let moved = false;
      try {
        await VendorSnapshot.sweep(backupDir);
        await fs.rm(backupDir, { recursive: true, force: true });
        await fs.mkdir(path.dirname(backupDir), { recursive: true });
        if (!existsSync(vendorDir)) return new VendorSnapshot(vendorDir, backupDir, false);
        // The whole of vendor/ (go mod vendor's first act is os.RemoveAll(vendor)): one rename, where linking a
        // moby-sized tree took a second on a busy machine.
        if (moveAside === '.' && (await renameIfSameDevice(vendorDir, backupDir)))
          return new VendorSnapshot(vendorDir, backupDir, true);
        if (aside !== undefined && existsSync(aside)) moved = await renameIfSameDevice(aside, parked);
        // GNU cp links a moby-sized tree several times faster than Node's per-file calls (docs/benchmarks.md).
        if (!(await run('cp', ['-al', vendorDir, backupDir]))) {
          await fs.rm(backupDir, { recursive: true, force: true });
          linkTree(vendorDir, backupDir);
        }
        if (moved) {
          const target = path.join(backupDir, path.relative(vendorDir, aside!));
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.rename(parked, target);
        }
        return new VendorSnapshot(vendorDir, backupDir, true);
      } catch (error) {
        lastError = error;
        if (moved && existsSync(parked)) await fs.rename(parked, aside!);
        await fs.rm(backupDir, { recursive: true, force: true }).catch(() => undefined);
      }
    }
    throw lastError;
  }

  /** Puts vendor/ back exactly as it was. */
  async restore(): Promise<void> {
    await fs.rm(this.vendorDir, { recursive: true, force: true });
    if (!this.existed) return;
    try {
      await fs.rename(this.backupDir, this.vendorDir);
    } catch (error) {
      // A snapshot on another file system (the temporary folder): copied back, then dropped.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      linkTree(this.backupDir, this.vendorDir);
      await fs.rm(this.backupDir, { recursive: true, force: true });
    }
  }

  /**
   * Drops the snapshot. The links cost nothing to keep, so it is renamed out
   * of the way at once and deleted by a detached rm that outlives us; a
   * leftover is swept by the next run.
   */
  async discard(): Promise<void> {
    const doomed = `${this.backupDir}.old-${process.pid}-${Date.now()}`;
    await fs.rename(this.backupDir, doomed);
    try {
      spawn('rm', ['-rf', '--', doomed], { detached: true, stdio: 'ignore' })
        .on('error', () => rmSync(doomed, { recursive: true, force: true }))
        .unref();
    } catch {
      rmSync(doomed, { recursive: true, force: true });
    }
  }

  /** Removes what earlier runs' discards left, if their rm did not finish. */
  static async sweep(backupDir: string): Promise<void> {
    const dir = path.dirname(backupDir);
    const prefix = `${path.basename(backupDir)}.old-`;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    // A detached rm may still be at work on the same folder: losing that race is fine.
    await Promise.all(
      names
        .filter((n) => n.startsWith(prefix))
        .map((n) => fs.rm(path.join(dir, n), { recursive: true, force: true }).catch(() => undefined)),
    );
  }
}

/** Renames `from` to `to`, or says no when they are on different file systems. */
async function renameIfSameDevice(from: string, to: string): Promise<boolean> {
  await fs.rm(to, { recursive: true, force: true });
  try {
    await fs.rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

function run(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** The portable fallback: synchronous calls, which beat promise-per-file by 3x on thousands of small files. */
function linkTree(from: string, to: string): void {
  const stat = lstatSync(from);
  if (stat.isDirectory()) {
    mkdirSync(to, { mode: stat.mode & 0o7777 });
    for (const name of readdirSync(from)) linkTree(path.join(from, name), path.join(to, name));
    chmodSync(to, stat.mode & 0o7777);
    return;
  }
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    return;
  }
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to);
    chmodSync(to, stat.mode & 0o7777);
  }
}
