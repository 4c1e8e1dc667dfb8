/**
 * The version the go command gives a commit, as `go mod tidy` writes it after `go mod edit -replace
 * PATH=FORK@SHA`: a semver tag on the commit itself, else a pseudo-version built on the highest semver tag
 * reachable from it that fits the module's major version (the Go modules reference, "Pseudo-versions").
 * No I/O: the tags and the commit time are given.
 */

/**
 * The timestamp and commit of a version shaped like a pseudo-version (vX.Y.Z-[PRE.][0.]yyyymmddhhmmss-HASH,
 * with +incompatible), as written, unchecked; undefined for any other version.
 */
export function pseudoVersionParts(version: string): { timestamp: string; hash: string } | undefined {
  const match = /^v\d+\.\d+\.\d+-(?:[0-9A-Za-z.-]*?\.)?(?:0\.)?(\d{14})-([0-9A-Za-z]+)(?:\+incompatible)?$/.exec(
    version,
  );
  return match ? { timestamp: match[1]!, hash: match[2]! } : undefined;
}

/** The commit a valid pseudo-version names: its 12 lowercase hex digits. */
export function pseudoVersionCommit(version: string): string | undefined {
  const hash = pseudoVersionParts(version)?.hash;
  return hash && /^[0-9a-f]{12}$/.test(hash) ? hash : undefined;
}

export interface CommitFacts {
  modulePath: string;
  /** The full commit id. */
  sha: string;
  /** The committer time, in seconds since the epoch (go formats it in UTC). */
  committed: number;
  /** Tags of the repository that point at the commit. */
  tagsAtCommit: string[];
  /** Tags of the repository reachable from the commit (the ones at it included). */
  reachableTags: string[];
  /**
   * The module's directory in its repository, for a module that is not at the root (`sub` for
   * example.org/proj/sub in the repository example.org/proj): go versions it by the tags `sub/vX.Y.Z` alone.
   */
  subdirectory?: string;
}

interface Semver {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

/** A canonical semver tag (vMAJOR.MINOR.PATCH[-PRE], no build metadata), as go takes tags for versions. */
export function parseSemver(tag: string): Semver | undefined {
  const match = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(tag);
  if (!match) return undefined;
  const prerelease = match[4]?.split('.') ?? [];
  // Numeric identifiers may not have leading zeros.
  if (prerelease.some((id) => /^0\d+$/.test(id))) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease };
}

/** Semver precedence: numbers, then a release above its pre-releases, then pre-release identifiers in order. */
export function compareSemver(a: Semver, b: Semver): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] - b[key];
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const [x, y] = [a.prerelease[i]!, b.prerelease[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.prerelease.length - b.prerelease.length;
}

/** The major version a module path allows: N for a `/vN` path (N >= 2), else 0 or 1 (given as 1). */
export function pathMajor(modulePath: string): number {
  const suffix = /\/v([2-9]|[1-9]\d+)$/.exec(modulePath) ?? /\.v([2-9]|[1-9]\d+)$/.exec(modulePath);
  return suffix ? Number(suffix[1]) : 1;
}

function fits(version: Semver, major: number): boolean {
  return major === 1 ? version.major <= 1 : version.major === major;
}

/** yyyymmddhhmmss, UTC. */
function timestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function goVersion(facts: CommitFacts): string {
  const major = pathMajor(facts.modulePath);
  const prefix = facts.subdirectory ? `${facts.subdirectory}/` : '';
  const highest = (tags: string[]) =>
    tags
      .filter((tag) => tag.startsWith(prefix))
      .map((tag) => tag.slice(prefix.length))
      .map((tag) => ({ tag, version: parseSemver(tag) }))
      .filter((t): t is { tag: string; version: Semver } => t.version !== undefined && fits(t.version, major))
      .sort((a, b) => compareSemver(b.version, a.version))[0];
  const tagged = highest(facts.tagsAtCommit);
  if (tagged) return tagged.tag;
  const rest = `${timestamp(facts.committed)}-${facts.sha.slice(0, 12)}`;
  const base = highest(facts.reachableTags);
  if (!base) return `v${major === 1 ? 0 : major}.0.0-${rest}`;
  const { version } = base;
  if (version.prerelease.length > 0) return `${base.tag}.0.${rest}`;
  return `v${version.major}.${version.minor}.${version.patch + 1}-0.${rest}`;
}
