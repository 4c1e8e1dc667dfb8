import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files that only save work: the GitHub answers, verify's tree listings,
 * the hook's listing of HEAD's vendor/. Read whole or not at all, and a
 * cache that cannot be read or written is no cache, never an error.
 */
export function readCacheFile(file: string, encoding: BufferEncoding): string | undefined {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half of it; false when it could not be. */
export function writeCacheFile(file: string, text: string, encoding: BufferEncoding): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, text, encoding);
    renameSync(temporary, file);
    return true;
  } catch {
    // Read-only home or .git, a full disk: the next run does the work again.
    rmSync(temporary, { force: true });
    return false;
  }
}
