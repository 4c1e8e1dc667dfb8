/**
 * What vndr v0.1.2 keeps of a cloned entry (its clean.go, measured in ../../docs/cli.md's terms), as a
 * pure function of the pinned tree and of what vendor/ still holds: the files that should be under
 * vendor/<root> and are not. vndr keeps a package's directory whole, so a file it would keep that is
 * missing beside files it did keep was deleted by hand; a directory that is gone altogether is what vndr
 * does with a package nothing imports.
 */

/** vndr's isGoFile: the sources it keeps in a package it reached. */
const GO_LIKE = /\.(go|c|h|s|proto|syso)$/;
/** vndr's licenseFilesRegexp, on the file name, for files that are not Go-like. */
const LICENSE_LIKE = /LICENSE|COPYING|PATENT|NOTICE|README/i;

export const isGoLike = (name: string): boolean => GO_LIKE.test(name);

/** A name vndr keeps wherever its directory survives: licences and the files of recursive vendoring. */
function keptAnywhere(name: string): boolean {
  return (LICENSE_LIKE.test(name) && !GO_LIKE.test(name)) || name === 'go.mod' || name === 'vendor.conf';
}

/**
 * Whether vndr deletes a path whatever is imported: a name starting with `.` or `_` at any level,
 * anything under `testdata/`, and nested vendoring (`vendor/`, `Godeps/`, `_vendor/`), which vndr
 * removes after the clone.
 */
function alwaysDropped(parts: string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('.') || part.startsWith('_')) return true;
    if (i < parts.length - 1 && (part === 'testdata' || part === 'vendor' || part === 'Godeps')) return true;
  }
  return false;
}

export interface VndrExpectation {
  /** Files vndr would have kept that vendor/ lacks: hand deletions. */
  missing: string[];
  /**
   * Missing .go files that may be build-ignored (`// +build ignore`, which vndr drops), when the caller
   * could not say which are: neither a deletion nor proof of one.
   */
  undecided: string[];
}

/**
 * `tree` is the pinned commit's files (paths relative to the entry's root), `present` what vendor/<root>
 * holds (same form). `ignored`, when known, is the pinned tree's .go files that vndr's build context
 * ignores; `keptBefore` says of a .go file that vndr kept these very bytes before (so they are not
 * ignored). Paths are returned sorted, relative to the root.
 */
export function vndrMissing(
  tree: Iterable<string>,
  present: Iterable<string>,
  options: { ignored?: ReadonlySet<string>; keptBefore?: (file: string) => boolean } = {},
): VndrExpectation {
  const held = new Set<string>();
  const surviving = new Set<string>();
  const have = new Set<string>();
  const own = new Set<string>();
  const goBelow = new Set<string>();
  for (const file of present) {
    have.add(file);
    let slash = file.lastIndexOf('/');
    const directory = slash === -1 ? '' : file.slice(0, slash);
    own.add(directory);
    if (GO_LIKE.test(file)) {
      held.add(directory);
      for (let up = slash; up !== -1 && !goBelow.has(file.slice(0, up)); up = file.lastIndexOf('/', up - 1))
        goBelow.add(file.slice(0, up));
      goBelow.add('');
    }
    surviving.add('');
    while (slash !== -1 && !surviving.has(file.slice(0, slash))) {
      surviving.add(file.slice(0, slash));
      slash = file.lastIndexOf('/', slash - 1);
    }
  }
  // A directory left with licences only, and no Go below it, is not something vndr leaves: it removes such a
  // directory whole. So its Go files were deleted by hand (armon/go-radix's one file, say), not pruned.
  for (const directory of own) if (!goBelow.has(directory)) held.add(directory);
  // The same holds for the entry as a whole: with no Go file left anywhere under its root, but licences, it is
  // not what vndr leaves (an entry nothing imports is removed whole), so no package directory of it was pruned:
  // a deleted Go file is a hand deletion wherever it was (moby's golang-lru with simplelru/lru.go deleted).
  const noGoLeft = !goBelow.has('');
  const missing: string[] = [];
  const undecided: string[] = [];
  if (have.size === 0) return { missing, undecided };
  for (const file of tree) {
    if (have.has(file)) continue;
    const slash = file.lastIndexOf('/');
    const directory = slash === -1 ? '' : file.slice(0, slash);
    const name = file.slice(slash + 1);
    if ((!surviving.has(directory) && !noGoLeft) || alwaysDropped(file.split('/'))) continue;
    if (keptAnywhere(name)) {
      missing.push(file);
      continue;
    }
    if ((!held.has(directory) && !noGoLeft) || !GO_LIKE.test(name) || name.endsWith('_test.go')) continue;
    if (!name.endsWith('.go') || options.keptBefore?.(file)) missing.push(file);
    else if (options.ignored) {
      if (!options.ignored.has(file)) missing.push(file);
    } else undecided.push(file);
  }
  return { missing: missing.sort(), undecided: undecided.sort() };
}
