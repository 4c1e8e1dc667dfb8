import type { Severity } from '../../../manifest/diagnostic.js';
import type { ModFile } from './mod-file.js';
import { parseModulesTxt } from './modules-txt.js';
import { pathMajor, pseudoVersionParts } from '../../../manifest/pseudo-version.js';

/** Stable codes, as for vendor.conf's: docs/format.md lists each one. */
export type ModDiagnosticCode =
  'replace-major-suffix' | 'pseudo-version-malformed' | 'replace-shadows-require' | 'replace-unused';

export interface ModDiagnostic {
  severity: Severity;
  code: ModDiagnosticCode;
  message: string;
  line: number;
  column: number;
}

/** A local directory replacement (`=> ./api`, `=> ../x`, an absolute path): accepted as it is, never checked. */
function isDirectory(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.' || path === '..';
}

/**
 * What a fork pin in go.mod or vendor.mod gets wrong that the go command would refuse later, without
 * asking anyone: a `/vN` module replaced by a path without `/vN` (go: "go.mod has post-v0 module path"),
 * and a pseudo-version whose timestamp is no time or whose hash is not 12 lowercase hex digits (go
 * refuses it at download time). Not here: whether a pseudo-version's hash and time are its commit's (that
 * needs the repository), and whether anything requires a replaced module (a replacement applies to the
 * whole module graph, which one file does not show: docker/cli pins k8s modules it does not require
 * itself, on purpose).
 */
export function diagnoseModFile(file: ModFile): ModDiagnostic[] {
  const found: ModDiagnostic[] = [];
  for (const replacement of file.replacements) {
    const { line, columns } = replacement;
    if (isDirectory(replacement.newPath)) continue;
    const major = pathMajor(replacement.oldPath);
    if (major >= 2 && /\/v\d+$/.test(replacement.oldPath) && !replacement.newPath.endsWith(`/v${major}`)) {
      found.push({
        severity: 'error',
        code: 'replace-major-suffix',
        message: `${replacement.oldPath} is a v${major} module, so its replacement's path needs /v${major} too: go refuses ${replacement.newPath} ("go.mod has post-v0 module path"); write ${replacement.newPath}/v${major}`,
        line,
        column: columns.newPath,
      });
    }
    const version = replacement.newVersion;
    const problem = version === undefined ? undefined : pseudoVersionProblem(version);
    if (version !== undefined && problem) {
      found.push({
        severity: 'error',
        code: 'pseudo-version-malformed',
        message: `${version} is not a pseudo-version go accepts: ${problem}; let go write it (go mod edit -replace ${replacement.oldPath}=${replacement.newPath}@COMMIT, then go mod tidy), or vendorfork set`,
        line,
        column: columns.newVersion!,
      });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Why a version that ends like a pseudo-version is not a valid one; undefined when it is fine or is no pseudo-version. */
export function pseudoVersionProblem(version: string): string | undefined {
  const parts = pseudoVersionParts(version);
  if (!parts) return undefined;
  const { timestamp: stamp, hash } = parts;
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(stamp.slice(at, i === 0 ? 4 : at + 2)),
  ) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!real) return `its timestamp ${stamp} is no date and time (yyyymmddhhmmss, UTC)`;
  if (!/^[0-9a-f]{12}$/.test(hash)) return `its commit ${hash} is not the first 12 lowercase hex digits of a commit id`;
  return undefined;
}

/**
 * Each replace of a module vendor/modules.txt, go mod vendor's own listing, has no module line for: go
 * writes one for every module of the build list that is required or gives a package, and ends the file
 * with the replaces, so a replace recorded there alone gives the vendored build nothing (cargo says "patch
 * … was not used in the crate graph"; go says nothing). A versioned replace is unused as well when the
 * version vendored is another. A module with a line and no package is not reported: its replace still
 * shapes the module graph (moby's `rexray/gocsi => dperny/gocsi`, "Removes etcd dependency"). A replace
 * the listing does not record at all means the listing is stale: check --staged's vendor-inconsistent.
 * No I/O.
 */
export function unusedReplaceDiagnostics(file: ModFile, modulesTxt: string): ModDiagnostic[] {
  const list = parseModulesTxt(modulesTxt);
  const found: ModDiagnostic[] = [];
  for (const r of file.replacements) {
    if (!list.replaced.has(r.oldVersion ? `${r.oldPath}@${r.oldVersion}` : r.oldPath)) continue;
    const vendored = list.versions.get(r.oldPath);
    const where = { severity: 'warning', code: 'replace-unused', line: r.line, column: r.columns.oldPath } as const;
    if (vendored === undefined)
      found.push({
        ...where,
        message: `${r.oldPath} is replaced, but vendor/modules.txt has no module line for it, only the replace: no vendored package comes from it, so unless it pins a version for the module graph it has no effect; remove it if it is a left-over (check --online asks go's module graph)`,
      });
    else if (r.oldVersion !== undefined && vendored !== r.oldVersion)
      found.push({
        ...where,
        message: `${r.oldPath} is replaced at ${r.oldVersion}, but vendor/modules.txt vendors ${vendored}: the replace has no effect; move it to ${vendored}, or remove it`,
      });
  }
  return found;
}
