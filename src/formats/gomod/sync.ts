import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { refuseBrokenFile } from '../common/edit-result.js';
import { judgeMoves } from '../common/sync-moves.js';
import { readConfText } from '../../fs/conf-file.js';
import { displayPath } from '../../fs/display-path.js';
import { openRepository } from '../../git/repository.js';
import { strictRefusal } from '../../resolve/move.js';
import { plural } from '../../text/plural.js';
import { diagnoseModFile } from './core/diagnostics.js';
import { downloadModule, locateGo } from '../../go/go-command.js';
import { activeReplacement, isLocalPath, moduleEntry } from './core/module-entry.js';
import { parseModFile, replacementTargets, type ModFile } from './core/mod-file.js';
import { adoptRewrite, goRewrites, judgeDrift, needsNewerRequirements } from './go-resolution.js';
import { cachedGoMod } from '../../go/module-cache.js';
import { vendorDisagreements } from './core/modules-txt.js';
import { addSumLines, type SumLine } from './core/sum-file.js';
import { revendorModules } from './vendor-tool.js';
import { diffModFiles } from './core/semantic-diff.js';
import type { SyncChange, SyncOptions, SyncResult } from '../../manifest/sync.js';
import type { RequirementMove } from '../../manifest/entry.js';
import type { ChangeKind } from '../../manifest/entry-diff.js';
import { dependencyFiles } from '../dependency-pins.js';

const CHANGE: Record<ChangeKind, SyncChange['change']> = {
  added: 'added',
  removed: 'removed',
  renamed: 'repository',
  ref: 'ref',
  forked: 'repository',
  unforked: 'repository',
  'fork-changed': 'repository',
};

/**
 * `vendorfork sync` on go.mod or moby's vendor.mod, edited by hand: the modules that differ from the base
 * revision are judged as set judges a move, the sum file gains the lines of every module version the
 * edit brings in (from go mod download, as set adds them), and go mod vendor refreshes vendor/, as one
 * transaction. A vendor/modules.txt that disagrees with the file is re-vendored too, edit or not.
 */
export async function syncModules(file: string, options: SyncOptions): Promise<SyncResult> {
  const base = options.base ?? 'HEAD';
  const modText = await readConfText(file);
  const mod = parseModFile(modText.text);
  const shown = displayPath(options.cwd, file);
  refuseBrokenFile(diagnoseModFile(mod), shown);
  const repo = await openRepository(path.dirname(file), options.env);
  const old = parseModFile((await repo.fileAt(base, file)) ?? '');
  const rows = diffModFiles(old, mod, path.basename(file));
  const changes: SyncChange[] = rows.map((row) => ({ importPath: row.importPath, change: CHANGE[row.kind] }));
  // A bump a replace makes ineffective is refused under --strict before anything is judged or touched.
  const shadowed = rows.flatMap((row) => (row.warning ? [row.warning.message] : []));
  if (options.strict && shadowed.length > 0)
    throw strictRefusal(shadowed, `${plural(shadowed.length, 'bump')} that a replace makes ineffective`);
  const projectDir = path.dirname(file);
  const modulesTxt = path.join(projectDir, 'vendor', 'modules.txt');
  // Whether the project vendors is asked of the base revision too: another run's transaction moves vendor/
  // aside while go mod vendor runs, and a sync that read the tree then must still take the lock, not
  // conclude there is nothing to re-vendor.
  const vendors = existsSync(path.join(projectDir, 'vendor')) || (await repo.fileAt(base, modulesTxt)) !== undefined;
  const disagreements = existsSync(modulesTxt)
    ? vendorDisagreements(mod, readFileSync(modulesTxt, 'utf8'), path.basename(file))
    : [];
  const result: SyncResult = {
    file,
    displayPath: shown,
    base,
    changes,
    dryRun: options.dryRun ?? false,
    warnings: [...shadowed],
    notes: [],
  };
  // No pin-by-pin comparison for modules (go's minimal version selection keeps the file's versions):
  // what moves is the build list, judged below once go has the versions.
  await judgeMoves(
    result,
    (p) => moduleEntry(old, p),
    (p) => moduleEntry(mod, p),
    new Map(),
    dependencyFiles,
    options,
    { format: 'go.mod', forks: replacementTargets(parseModFile(modText.text)) },
  );
  if (changes.length === 0 && disagreements.length > 0)
    result.notes.push(
      `vendor/modules.txt disagrees with ${path.basename(file)} (${plural(disagreements.length, 'difference')}): re-vendoring`,
    );
  if (!vendors) result.notes.push(`no vendor/ beside ${path.basename(file)}: nothing to re-vendor`);
  if (options.dryRun || (changes.length === 0 && disagreements.length === 0)) return result;

  const go = locateGo(options.env);
  const sumPath = file.replace(/\.mod$/, '.sum');
  const sumExists = existsSync(sumPath);
  const sumText = sumExists ? await readConfText(sumPath) : { path: sumPath, text: '', encoding: 'utf8' as const };
  const withForks = addSumLines(sumText.text, await sumLinesOf(go, mod, changes, options));
  const { sum, moves } = await raiseForForks(go, file, mod, withForks, changes, options);
  const judged = judgeDrift(moves, options);
  if (judged.warning) result.warnings.push(judged.warning);
  if (judged.note) result.notes.push(judged.note);
  if (moves.length > 0) result.buildList = moves;
  const modUpdate = mod.toString() !== modText.text ? { updated: mod.toString() } : {};
  const sumUpdate =
    sum !== sumText.text ? [{ original: sumText, updated: sum, ...(sumExists ? {} : { absent: true }) }] : [];
  const ran = await revendorModules({
    ...options,
    go,
    modFile: file,
    mod,
    sumFile: sumPath,
    files: [{ original: modText, ...modUpdate }, ...sumUpdate],
    dependency: changes.length === 1 ? changes[0]!.importPath : plural(Math.max(changes.length, 1), 'module'),
    vendor: vendors,
  });
  if (ran) result.vndr = ran;
  return result;
}

/**
 * A fork edited in by hand that requires newer versions than the file (or modules it lacks): what go mod
 * tidy raises for it, taken back onto the file as set takes it (go-resolution.ts), every other line kept.
 */
async function raiseForForks(
  go: string,
  file: string,
  mod: ModFile,
  sum: string,
  changes: SyncChange[],
  options: SyncOptions,
): Promise<{ sum: string; moves: RequirementMove[] }> {
  const forks = changes.flatMap((change) => {
    const replacement = activeReplacement(mod, change.importPath);
    return replacement?.newVersion && !isLocalPath(replacement.newPath) && replacement.newPath !== change.importPath
      ? [{ path: replacement.newPath, version: replacement.newVersion }]
      : [];
  });
  if (!forks.some((fork) => needsNewerRequirements(cachedGoMod(options.env, fork.path, fork.version), mod)))
    return { sum, moves: [] };
  const project = {
    go,
    projectDir: path.dirname(file),
    modFile: file,
    module: mod.module ?? 'vendorfork.invalid/stub',
    ...(mod.goVersion ? { goVersion: mod.goVersion } : {}),
    env: options.env,
  };
  const rewrite = await goRewrites(project, { mod: mod.toString(), sum }, ['mod', 'tidy'], {
    ...(options.offline ? { offline: true } : {}),
  });
  const changed = new Set(changes.map((c) => c.importPath));
  const adopted = adoptRewrite(mod, sum, rewrite, '');
  return { sum: adopted.sum, moves: adopted.moves.filter((m) => !changed.has(m.path)) };
}

/** The sum lines of each module version the edit points at (a replacement's, or a new requirement's). */
async function sumLinesOf(go: string, mod: ModFile, changes: SyncChange[], options: SyncOptions): Promise<SumLine[]> {
  const lines: SumLine[] = [];
  for (const change of changes) {
    if (change.change === 'removed') continue;
    const replacement = activeReplacement(mod, change.importPath);
    const target = replacement
      ? isLocalPath(replacement.newPath) || !replacement.newVersion
        ? undefined
        : { path: replacement.newPath, version: replacement.newVersion }
      : { path: change.importPath, version: mod.requirements.find((r) => r.path === change.importPath)?.version };
    if (!target?.version) continue;
    const downloaded = await downloadModule(go, target.path, target.version, {
      env: options.env,
      ...(options.offline ? { offline: true } : {}),
    });
    lines.push(
      { path: target.path, version: downloaded.version, hash: downloaded.sum },
      { path: target.path, version: `${downloaded.version}/go.mod`, hash: downloaded.goModSum },
    );
  }
  return lines;
}
