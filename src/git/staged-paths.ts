import { zList } from './plumbing.js';

/** `git diff --name-status -z --no-renames`: a status letter and a path, each NUL-terminated. */
export function nameStatus(output: string): { status: string; path: string }[] {
  const fields = zList(output);
  const changes: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) changes.push({ status: fields[i]!, path: fields[i + 1]! });
  return changes;
}

/**
 * The entry root a path under vendor/ belongs to: the longest root that prefixes it (github.com/a/b and
 * github.com/a/b/v2 can both be entries). Looked up by the path's own prefixes, longest first: a
 * moby-sized vendor/ has thousands of files and over a hundred roots. git lists paths sorted, so files
 * of one directory come together: the answer for the last directory is kept.
 */
export function rootFinder(roots: { has(root: string): boolean }): (vendorPath: string) => string | undefined {
  let lastDirectory: string | undefined;
  let lastRoot: string | undefined;
  return (vendorPath) => {
    const directory = vendorPath.slice(0, vendorPath.lastIndexOf('/'));
    if (directory === lastDirectory) return lastRoot;
    lastDirectory = directory;
    lastRoot = undefined;
    for (let end = vendorPath.length; end > 0; end = vendorPath.lastIndexOf('/', end - 1)) {
      const prefix = vendorPath.slice(0, end);
      if (roots.has(prefix)) return (lastRoot = prefix);
    }
    return undefined;
  };
}

/** One staged change, as `git diff --cached --raw --no-abbrev -z --no-renames` gives it. */
export interface RawChange {
  status: string;
  path: string;
  /** The blob in HEAD (zeros for an added file). */
  oldBlob: string;
  /** The blob in the index (zeros for a deleted file). */
  newBlob: string;
}

/** `:<old mode> <new mode> <old blob> <new blob> <status>` then the path, each NUL-terminated. */
export function rawStatus(output: string): RawChange[] {
  const fields = zList(output);
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , oldBlob = '', newBlob = '', status = ''] = fields[i]!.split(' ');
    changes.push({ status: status.charAt(0), path: fields[i + 1]!, oldBlob, newBlob });
  }
  return changes;
}
