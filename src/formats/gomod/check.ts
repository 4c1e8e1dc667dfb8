import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileDiagnostic, OnlineJudgement, OnlineOptions } from '../../manifest/format.js';
import { findOnPath } from '../../process/find-on-path.js';
import { unusedReplaceDiagnostics } from './core/diagnostics.js';
import { parseModFile } from './core/mod-file.js';
import { KEPT_ORPHAN_FIX, moduleOrphanMessage, trackedModuleOrphans } from './orphans.js';
import { graphDiagnostics, versionDiagnostics } from './online.js';

const vendorList = (file: string) => path.join(path.dirname(file), 'vendor', 'modules.txt');

/**
 * Plain check on a module file, beyond what the file says alone: replace-unused from vendor/modules.txt
 * when the project vendors (no network), and tracked files under vendor/ no module of modules.txt accounts
 * for (the next go mod vendor drops them).
 */
export async function localModuleDiagnostics(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv,
): Promise<FileDiagnostic[]> {
  const diagnostics: FileDiagnostic[] = existsSync(vendorList(file))
    ? unusedReplaceDiagnostics(parseModFile(text), readFileSync(vendorList(file), 'utf8'))
    : [];
  const orphans = await trackedModuleOrphans(file, env);
  if (orphans.length > 0)
    diagnostics.push({
      severity: 'warning',
      code: 'vendor-orphan',
      message: moduleOrphanMessage(orphans, 'vendor/modules.txt', KEPT_ORPHAN_FIX),
      line: 0,
      column: 0,
      files: orphans,
    });
  return diagnostics;
}

/** check --online on a module file: a module version is go's to judge (a pseudo-version's time and commit, a tag that is no version), and so is the graph. */
export async function onlineModuleDiagnostics(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv,
  options: OnlineOptions,
): Promise<OnlineJudgement> {
  const diagnostics: FileDiagnostic[] = await versionDiagnostics(text, env, options.onNote);
  // The graph is the files on disk (not what the index holds), and go cannot build it past a bad version.
  if (options.staged || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const graph = await graphDiagnostics(file, text, env, options.onNote);
  diagnostics.push(...graph);
  // Its answer is the whole graph's, so it stands instead of the one vendor/modules.txt gave offline.
  const answered = findOnPath('go', env) !== undefined && !graph.some((d) => d.code === 'graph-unchecked');
  return { diagnostics, ...(answered ? { supersedes: ['replace-unused'] } : {}) };
}
