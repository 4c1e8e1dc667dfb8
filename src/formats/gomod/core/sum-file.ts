import { compareSemver, parseSemver } from '../../../manifest/pseudo-version.js';

/** One go.sum line: `PATH VERSION[/go.mod] HASH`. */
export interface SumLine {
  path: string;
  /** The version, with `/go.mod` for the hash of the module's go.mod alone. */
  version: string;
  hash: string;
}

/**
 * go.sum or vendor.sum with `lines` added, each where go's own sort would put it (module path, then
 * version by semver, a version's zip hash before its /go.mod hash), and every existing line kept as it
 * was: a line already there is not added twice, and nothing is removed or reordered. No I/O.
 */
export function addSumLines(text: string, lines: SumLine[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const existing = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const present = new Set(existing.map((line) => line.trim()));
  const result = [...existing];
  for (const line of lines) {
    const printed = `${line.path} ${line.version} ${line.hash}`;
    if (present.has(printed)) continue;
    present.add(printed);
    const at = result.findIndex((other) => {
      const [path, version] = other.trim().split(/\s+/);
      return path !== undefined && version !== undefined && compareSumKeys({ path, version }, line) > 0;
    });
    result.splice(at === -1 ? result.length : at, 0, printed);
  }
  return result.length === 0 ? '' : result.join(eol) + eol;
}

function compareSumKeys(a: Pick<SumLine, 'path' | 'version'>, b: Pick<SumLine, 'path' | 'version'>): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const [av, bv] = [a.version.replace(/\/go\.mod$/, ''), b.version.replace(/\/go\.mod$/, '')];
  if (av !== bv) {
    const [as, bs] = [parseSemver(av.replace(/\+incompatible$/, '')), parseSemver(bv.replace(/\+incompatible$/, ''))];
    if (as && bs && compareSemver(as, bs) !== 0) return compareSemver(as, bs);
    return av < bv ? -1 : 1;
  }
  return Number(a.version.endsWith('/go.mod')) - Number(b.version.endsWith('/go.mod'));
}

/** The sum file without the two lines of one module version (its zip's and its go.mod's); the rest as it was. */
export function removeSumLines(text: string, path: string, version: string): string {
  const doomed = new Set([version, `${version}/go.mod`]);
  return text
    .split(/(?<=\n)/)
    .filter((line) => {
      const [linePath, lineVersion] = line.trim().split(/\s+/);
      return !(linePath === path && lineVersion !== undefined && doomed.has(lineVersion));
    })
    .join('');
}
