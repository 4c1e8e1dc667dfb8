import { constants, promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * The file a command works on: `file` when given (relative to cwd), otherwise, from cwd upward to the git
 * root, the first of `names` in each folder.
 */
export function locateFile(cwd: string, file: string | undefined, names: readonly string[]): string {
  if (file !== undefined) return path.resolve(cwd, file);
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (existsSync(path.join(dir, '.git')) || parent === dir) {
      const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
      throw new UserError(
        `no ${listed} in ${path.resolve(cwd)} or above it up to ${dir === parent ? 'the file system root' : `the git root ${dir}`}: run vendorfork in a Go project, or pass --file`,
      );
    }
    dir = parent;
  }
}

export interface ConfText {
  path: string;
  text: string;
  /** How the bytes were decoded; writing uses the same, so non-UTF-8 bytes survive. */
  encoding: 'utf8' | 'latin1';
}

export async function readConfText(file: string): Promise<ConfText> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw fileError(error, file, 'read');
  }
  return { path: file, ...decode(bytes) };
}

export function decode(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    // Not UTF-8: latin1 maps each byte to one character and back, so nothing is lost.
    return { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
  }
}

/**
 * Replaces the file atomically: a temporary file beside it, flushed, given
 * the original's mode, then renamed over it. A reader never sees half a file
 * and a crash leaves the old one. Refuses when the file is not writable,
 * because rename would otherwise bypass its read-only mode.
 */
export async function writeConfText(conf: ConfText, text: string): Promise<void> {
  let mode = 0o644;
  try {
    const stat = await fs.stat(conf.path);
    mode = stat.mode & 0o7777;
    // Checked by mode as well as by access(): root may write anything, but a file without write bits was made read-only on purpose.
    if ((mode & 0o222) === 0) {
      throw new UserError(
        `${conf.path} is read-only (mode ${mode.toString(8).padStart(4, '0')}); make it writable (chmod u+w) and run again`,
      );
    }
    await fs.access(conf.path, constants.W_OK);
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, conf.path, 'write');
  }
  const temporary = path.join(
    path.dirname(conf.path),
    // Exclusive create ('wx') makes a clash an error, so a cheap random name is enough (node:crypto would cost start-up time).
    `.${path.basename(conf.path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  try {
    const handle = await fs.open(temporary, 'wx', mode);
    try {
      await handle.writeFile(Buffer.from(text, conf.encoding));
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, conf.path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw fileError(error, conf.path, 'write');
  }
}

function fileError(error: unknown, file: string, verb: 'read' | 'write'): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'it does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    EROFS: 'the file system is read-only',
  };
  const reason = code ? reasons[code] : undefined;
  if (!reason) return error as Error;
  const advice = code === 'ENOENT' ? 'check the path' : 'check its permissions';
  return new UserError(`${file}: cannot ${verb} it: ${reason}; ${advice}`);
}
