import type { ManifestDiagnostic } from '../manifest/format.js';
import { UserError } from '../errors.js';
import { findOnPath } from '../vndr/preflight.js';
import { downloadModule } from './go-command.js';
import { isLocalPath } from './module-entry.js';
import { parseModFile } from './mod-file.js';
import { pseudoVersionParts } from './pseudo-version.js';

/**
 * `check --online` on a module file: each replacement's version is asked of go (`go mod download -json
 * PATH@VERSION`, answered from the module cache when it has it). go refuses a pseudo-version whose time is
 * not its commit's, whose hash names no commit, or whose base is not a tag below it, and a version that
 * names nothing: what `go mod vendor` would refuse later, reported now, at the version's column.
 */
export async function versionDiagnostics(text: string, env: NodeJS.ProcessEnv): Promise<ManifestDiagnostic[]> {
  const replacements = parseModFile(text).replacements.filter(
    (r) => r.newVersion !== undefined && !isLocalPath(r.newPath),
  );
  if (replacements.length === 0) return [];
  const go = findOnPath('go', env);
  if (!go)
    return [
      {
        severity: 'warning',
        code: 'version-unchecked',
        message: 'go is not on PATH: the replacements’ versions were not checked against their commits',
        line: 0,
        column: 0,
      },
    ];
  const found: ManifestDiagnostic[] = [];
  for (const replacement of replacements) {
    const version = replacement.newVersion!;
    try {
      await downloadModule(go, replacement.newPath, version, { env });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const pseudo = pseudoVersionParts(version) !== undefined;
      found.push({
        severity: 'error',
        code: pseudo ? 'pseudo-version-mismatch' : 'version-missing',
        message: `${error.message.replace(/^go cannot download /, `go refuses `)}`,
        line: replacement.line,
        column: replacement.columns.newVersion ?? replacement.columns.newPath,
      });
    }
  }
  return found;
}
