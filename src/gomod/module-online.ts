import type { ManifestDiagnostic } from '../manifest/format.js';
import { UserError } from '../errors.js';
import { findOnPath } from '../vndr/preflight.js';
import path from 'node:path';
import { downloadModule, goEnv, runGo, withModuleRoot } from './go-command.js';
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

/**
 * `check --online` on a module file on disk: each replace of a module the module graph does not hold
 * (`go list -m all`, which reads the go.mod files of the graph, from the module cache or GOPROXY), or that
 * pins a version the graph does not select, has no effect: a left-over, reported as a warning. One file
 * cannot tell this (docker/cli's vendor.mod replaces k8s modules it never requires itself, which its
 * dependencies do), so it is only said with go's answer. Nothing when go cannot answer.
 */
export async function graphDiagnostics(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv,
): Promise<ManifestDiagnostic[]> {
  const mod = parseModFile(text);
  if (mod.replacements.length === 0 || !mod.module) return [];
  const go = findOnPath('go', env);
  if (!go) return [];
  const projectDir = path.dirname(file);
  const modFlag = path.basename(file) === 'go.mod' ? [] : [`-modfile=${file}`];
  const listed = await withModuleRoot(
    { projectDir, modFile: file, module: mod.module, ...(mod.goVersion ? { goVersion: mod.goVersion } : {}) },
    () =>
      runGo({
        go,
        args: ['list', '-mod=readonly', ...modFlag, '-m', '-f', '{{.Path}} {{.Version}}', 'all'],
        cwd: projectDir,
        env: goEnv(env),
      }),
  );
  if (listed.code !== 0)
    return [
      {
        severity: 'warning',
        code: 'graph-unchecked',
        message: `go list -m all failed, so unused replacements were not looked for: ${listed.lines.slice(-2).join(' ')}`,
        line: 0,
        column: 0,
      },
    ];
  const selected = new Map(
    listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
  const found: ManifestDiagnostic[] = [];
  for (const r of mod.replacements) {
    const version = selected.get(r.oldPath);
    const where = { line: r.line, column: r.columns.oldPath };
    if (version === undefined)
      found.push({
        severity: 'warning',
        code: 'replace-unused',
        message: `${r.oldPath} is replaced, but nothing in the module graph requires it (go list -m all): the replace has no effect; remove it if it is a left-over`,
        ...where,
      });
    else if (r.oldVersion !== undefined && r.oldVersion !== version)
      found.push({
        severity: 'warning',
        code: 'replace-unused',
        message: `${r.oldPath} is replaced at ${r.oldVersion}, but the module graph selects ${version}: the replace has no effect`,
        ...where,
      });
  }
  return found;
}
