import path from 'node:path';
import type { StagedDiagnostic } from '../commands/check-staged.js';
import { nameStatus, rootFinder } from '../git/staged-paths.js';
import { UserError } from '../errors.js';
import { decode } from '../fs/conf-file.js';
import { catFileBatch, git, pathFromGit, workTreeRoot, zList } from '../git/plumbing.js';
import { plural } from '../text/plural.js';
import { diagnoseModFile } from './diagnostics.js';
import { activeReplacement, isLocalPath } from './module-entry.js';
import { blobAt, cachedModuleDir } from './module-cache.js';
import { parseModFile, type ModFile } from './mod-file.js';
import { parseModulesTxt, vendorDisagreements } from './modules-txt.js';
import { shadowedBumps } from './replace-shadows.js';
import { diffModFiles } from './semantic-diff.js';

/**
 * `check --staged` on go.mod or moby's vendor.mod, for the pre-commit hook: what the next commit records,
 * read from the index, offline.
 *
 * - the staged module file is sound (check's diagnostics);
 * - a change to it is staged with vendor/modules.txt, which go mod vendor rewrites for every change;
 * - vendor/modules.txt agrees with it, as go checks before building with -mod=vendor;
 * - a moved module's staged files are its content at the new version (from the module cache, where go
 *   mod vendor copied them from; with --online, go mod download fills it);
 * - staged changes under vendor/ of a module that did not move are a hand edit, and files that belong to
 *   no vendored module would be deleted by the next go mod vendor.
 */
export async function moduleStagedDiagnostics(
  modFile: string,
  env: NodeJS.ProcessEnv,
  options: { allowVendorEdits?: boolean; online?: boolean },
): Promise<StagedDiagnostic[]> {
  const top = workTreeRoot(path.dirname(modFile));
  if (!top) throw new UserError(`${path.dirname(modFile)} is not in a git work tree: --staged reads the git index`);
  const fileName = path.basename(modFile);
  const rel = path.relative(top, modFile).split(path.sep).join('/');
  const vendorRel = path.posix.join(path.posix.dirname(rel), 'vendor');
  const txtRel = `${vendorRel}/modules.txt`;
  const [[stagedObject, headObject, txtObject], changed] = await Promise.all([
    catFileBatch(top, [`:${rel}`, `HEAD:${rel}`, `:${txtRel}`], env),
    git(top, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--', vendorRel], env),
  ]);
  if (stagedObject?.type !== 'blob') return [];
  const mod = parseModFile(decode(stagedObject.content).text);
  const head = parseModFile(headObject?.type === 'blob' ? decode(headObject.content).text : '');
  const diagnostics: StagedDiagnostic[] = diagnoseModFile(mod).map((d) => ({ ...d }));
  for (const { code, message, requireLine } of shadowedBumps(head, mod, fileName))
    diagnostics.push({ severity: 'warning', code, message, line: requireLine, column: 1 });
  // A project that does not vendor has nothing under vendor/ to agree with its module file.
  if (txtObject?.type !== 'blob') return diagnostics;
  const modulesTxt = decode(txtObject.content).text;
  const stagedChanges = nameStatus(changed.stdout);
  const moved = diffModFiles(head, mod);
  const txtStaged = stagedChanges.some((c) => c.path === txtRel);
  const fix = `run vendorfork sync (or go mod vendor), then git add -A ${vendorRel}`;
  if (moved.length > 0 && !txtStaged) {
    for (const row of moved)
      diagnostics.push({
        severity: 'error',
        code: 'vendor-not-updated',
        message: `${row.importPath} changed (${row.kind}) in ${fileName} but ${txtRel} is not staged with it: ${fix}`,
        line: row.new?.line ?? 0,
        column: row.new ? 1 : 0,
      });
  } else {
    for (const { module, message } of vendorDisagreements(mod, modulesTxt, fileName)) {
      // At the module's line in the module file when it has one; a module only modules.txt names is the file's.
      const line = lineOf(mod, module);
      diagnostics.push({ severity: 'error', code: 'vendor-inconsistent', message, line, column: line === 0 ? 0 : 1 });
    }
  }

  // Staged files under vendor/, by the vendored module they belong to (the longest module path that prefixes them).
  const vendored = parseModulesTxt(modulesTxt).versions;
  const moduleOf = rootFinder(vendored);
  const byModule = new Map<string, string[]>();
  const strays: string[] = [];
  for (const { path: file } of stagedChanges) {
    if (file === txtRel) continue;
    const module = moduleOf(file.slice(vendorRel.length + 1));
    if (module) byModule.set(module, [...(byModule.get(module) ?? []), file]);
    else strays.push(file);
  }
  const movedPaths = new Set(moved.map((row) => row.importPath));
  for (const [module, files] of byModule) {
    if (movedPaths.has(module)) {
      const found = await compareWithModule(top, vendorRel, module, mod, moduleOf, env, options);
      if (found) diagnostics.push(softened(found, options));
      continue;
    }
    diagnostics.push(
      softened(
        {
          severity: 'error',
          code: 'vendor-hand-edit',
          message: `${plural(files.length, 'staged file')} under ${vendorRel}/${module} changed while ${fileName} did not move it: a hand edit of vendored code (${list(files)}); send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
          line: lineOf(mod, module),
          column: 1,
          files,
        },
        options,
      ),
    );
  }
  if (strays.length > 0)
    diagnostics.push({
      severity: 'error',
      code: 'vendor-orphan',
      message: `${plural(strays.length, 'staged file')} under ${vendorRel} ${strays.length === 1 ? 'belongs' : 'belong'} to no module ${txtRel} lists (${list(strays)}): go mod vendor would delete ${strays.length === 1 ? 'it' : 'them'}`,
      line: 0,
      column: 0,
      files: strays,
    });
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A moved module's staged files under vendor/ against its content at the version the file now gives it
 * (its replacement's, else its requirement's): go mod vendor copies files verbatim, so a staged file whose
 * blob is not the module's, or that the module does not have, was edited by hand.
 */
async function compareWithModule(
  top: string,
  vendorRel: string,
  module: string,
  mod: ModFile,
  moduleOf: (vendorPath: string) => string | undefined,
  env: NodeJS.ProcessEnv,
  options: { online?: boolean },
): Promise<StagedDiagnostic | undefined> {
  const replacement = activeReplacement(mod, module);
  const source =
    replacement && !isLocalPath(replacement.newPath)
      ? { path: replacement.newPath, version: replacement.newVersion }
      : replacement
        ? undefined
        : { path: module, version: mod.requirements.find((r) => r.path === module)?.version };
  const where = { line: lineOf(mod, module), column: 1 };
  if (!source?.version) return undefined; // a local directory: nothing to compare with
  const at = `${source.path}@${source.version}`;
  let dir = cachedModuleDir(env, source.path, source.version);
  let why = `${at} is not in the module cache`;
  if (!dir && options.online) {
    const { downloadModule, locateGo } = await import('./go-command.js');
    try {
      dir = (await downloadModule(locateGo(env), source.path, source.version, { env })).dir || undefined;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      why = error.message;
    }
  }
  if (!dir)
    return {
      severity: 'warning',
      code: 'vendor-unverified',
      message: `${vendorRel}/${module} was not compared with ${at} (${why}): run vendorfork verify ${module}, or check --staged --online`,
      ...where,
    };
  const staged = await git(top, ['ls-files', '-s', '-z', '--', `${vendorRel}/${module}/`], env);
  const differing: string[] = [];
  for (const record of zList(staged.stdout)) {
    const tab = record.indexOf('\t');
    const blob = record.slice(0, tab).split(' ')[1];
    const file = pathFromGit(record.slice(tab + 1));
    // A module vendored below this one (github.com/a/b/sub beside github.com/a/b) is compared on its own.
    if (moduleOf(file.slice(vendorRel.length + 1)) !== module) continue;
    const inModule = file.slice(vendorRel.length + module.length + 2);
    if (blobAt(dir, inModule) !== blob) differing.push(file);
  }
  if (differing.length === 0) return undefined;
  return {
    severity: 'error',
    code: 'vendor-hand-edit',
    message: `${plural(differing.length, 'staged file')} under ${vendorRel}/${module} ${differing.length === 1 ? 'differs' : 'differ'} from ${at}, which the module file now gives it: a hand edit of vendored code (${list(differing)}); send the change to the fork and vendorfork set it again, or pass --allow-vendor-edits`,
    ...where,
    files: differing,
  };
}

function softened(found: StagedDiagnostic, options: { allowVendorEdits?: boolean }): StagedDiagnostic {
  return found.severity === 'error' && found.code === 'vendor-hand-edit' && options.allowVendorEdits
    ? { ...found, severity: 'warning' }
    : found;
}

/** Where the module file names a module: its replacement's line, else its requirement's, else the file. */
function lineOf(mod: ModFile, module: string): number {
  return activeReplacement(mod, module)?.line ?? mod.requirements.find((r) => r.path === module)?.line ?? 0;
}

function list(files: string[]): string {
  return `${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`;
}
