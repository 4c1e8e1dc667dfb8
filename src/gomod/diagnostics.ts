import type { Severity } from '../conf/diagnostics.js';
import type { ModFile } from './mod-file.js';
import { pathMajor, pseudoVersionParts } from './pseudo-version.js';

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
