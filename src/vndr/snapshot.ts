import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A copy of vendor/ made of hard links: vndr only ever deletes files and
 * writes new ones (git clone), never changes one in place, so linking is as
 * good as copying and costs no data. Falls back to copying across devices.
 */
export class VendorSnapshot {
  private constructor(
    private readonly vendorDir: string,
    private readonly backupDir: string,
    private readonly existed: boolean,
  ) {}

  static async take(vendorDir: string, backupDir: string): Promise<VendorSnapshot> {
    await fs.rm(backupDir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(backupDir), { recursive: true });
    let existed = true;
    try {
      await linkTree(vendorDir, backupDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      existed = false;
    }
    return new VendorSnapshot(vendorDir, backupDir, existed);
  }

  /** Puts vendor/ back exactly as it was. */
  async restore(): Promise<void> {
    await fs.rm(this.vendorDir, { recursive: true, force: true });
    if (this.existed) await fs.rename(this.backupDir, this.vendorDir);
  }

  async discard(): Promise<void> {
    await fs.rm(this.backupDir, { recursive: true, force: true });
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  const stat = await fs.lstat(from);
  if (stat.isDirectory()) {
    await fs.mkdir(to, { mode: stat.mode & 0o7777 });
    const names = await fs.readdir(from);
    await Promise.all(names.map((name) => linkTree(path.join(from, name), path.join(to, name))));
    await fs.chmod(to, stat.mode & 0o7777);
    return;
  }
  if (stat.isSymbolicLink()) {
    await fs.symlink(await fs.readlink(from), to);
    return;
  }
  try {
    await fs.link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fs.copyFile(from, to);
    await fs.chmod(to, stat.mode & 0o7777);
  }
}
