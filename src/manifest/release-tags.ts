/** How a dependency's release tags look: under a prefix (a module in a subdirectory), with a `v`, of a major. */
export interface ReleaseRule {
  prefix?: string;
  /** Only vX.Y.Z (go's versions); otherwise X.Y.Z counts as well. */
  requireV?: boolean;
  /** The major version a module path says: 1 takes v0 and v1. */
  major?: number;
}

/** The lowest release version among tags (vX.Y.Z without a pre-release part) that the rule admits. Pure. */
export function lowestRelease(tags: readonly string[], rule: ReleaseRule = {}): string | undefined {
  const prefix = rule.prefix ?? '';
  let best: { tag: string; version: number[] } | undefined;
  for (const tag of tags) {
    if (!tag.startsWith(prefix)) continue;
    const match = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(tag.slice(prefix.length));
    if (!match || (rule.requireV && match[1] !== 'v')) continue;
    const version = [Number(match[2]), Number(match[3]), Number(match[4])];
    if (rule.major !== undefined && (rule.major === 1 ? version[0]! > 1 : version[0] !== rule.major)) continue;
    if (!best || compare(version, best.version) < 0) best = { tag, version };
  }
  return best?.tag;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
