/**
 * Files under vendor/ that no entry accounts for, reported once per directory rather than once per file:
 * moby vendored archive/tar by hand, and a check that named each of its ten files buried the fix (one
 * whitelist line) under ten errors.
 */
export interface Orphan {
  /** The directory (or, with no directory of its own, the file) relative to vendor/, with / separators. */
  path: string;
  /** The files under it, relative to vendor/. */
  files: string[];
  /** A vndr -whitelist expression that keeps exactly this (unanchored on vndr's side, so anchored here). */
  whitelist: string;
}

/**
 * Groups orphan files by their top-most directory that holds no entry's root (`archive` for
 * `archive/tar/common.go`, when no entry lives under archive/), then names each group by the deepest
 * directory all its files share (`archive/tar`), which is what a person would whitelist. A file with no
 * such directory (one beside entries, in `github.com/acme/`) is its own group.
 *
 * `orphans` are paths relative to vendor/ that belong to no root; `roots` are the entries' vendor/ roots.
 */
export function groupOrphans(orphans: Iterable<string>, roots: Iterable<string>): Orphan[] {
  const holdsRoot = new Set<string>();
  for (const root of roots) {
    const parts = root.split('/');
    for (let i = 1; i <= parts.length; i++) holdsRoot.add(parts.slice(0, i).join('/'));
  }
  const groups = new Map<string, string[]>();
  for (const file of orphans) {
    const parts = file.split('/');
    let top = file;
    for (let i = 1; i < parts.length; i++) {
      const directory = parts.slice(0, i).join('/');
      if (!holdsRoot.has(directory)) {
        top = directory;
        break;
      }
    }
    groups.set(top, [...(groups.get(top) ?? []), file]);
  }
  return [...groups]
    .map(([top, files]) => {
      const isFile = files.length === 1 && files[0] === top;
      const shared = isFile ? top : sharedDirectory(files, top);
      return { path: shared, files: files.sort(), whitelist: whitelistFor(shared, isFile) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The deepest directory that holds every file, never above `top`. */
function sharedDirectory(files: string[], top: string): string {
  let shared = files[0]!.split('/').slice(0, -1);
  for (const file of files.slice(1)) {
    const parts = file.split('/');
    let i = 0;
    while (i < shared.length && shared[i] === parts[i]) i++;
    shared = shared.slice(0, i);
  }
  const joined = shared.join('/');
  return joined.length >= top.length ? joined : top;
}

/** `^archive[/\\]tar`, the form moby's own whitelist used: either separator, so it works on Windows too. */
export function whitelistFor(vendorPath: string, isFile = false): string {
  const escaped = vendorPath.split('/').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^${escaped.join('[/\\\\]')}${isFile ? '$' : ''}`;
}
