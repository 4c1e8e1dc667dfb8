import type { RequirementMove } from '../gomod/core/mod-file.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DependencyFork } from '../dependency-pins.js';
import { vndrRoot } from '../../manifest/import-path.js';
import { parse } from './core/vendor-conf.js';
import type { MoveAssessment } from '../../resolve/move.js';
import { isModuleFile, locateManifest, readConfText } from '../../fs/conf-file.js';
import { readProjectConfig } from '../../fs/project-config.js';
import { vendorConfFormat } from '../../manifest/format.js';
import { openRepository } from '../../git/repository.js';
import type { VendoringEvent } from '../../vendoring/tool.js';
import { displayPath } from '../../fs/display-path.js';
import { refuseBrokenFile } from '../common/edit-result.js';
import { judgeMoves } from '../common/sync-moves.js';

export interface SyncOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  allowFileUrls?: boolean;
  /** The revision the manifest is compared with (default HEAD). */
  base?: string;
  dryRun?: boolean;
  vndr?: string;
  whitelist?: string[];
  onEvent?: (event: VendoringEvent) => void;
  signals?: NodeJS.EventEmitter;
  /** Judge no move: no GitHub, and git only from its copy. */
  offline?: boolean;
  githubUrl?: string;
  /** Refuse a move that drops commits or moves a dependency's own pins away from the project's. */
  strict?: boolean;
  allowDrop?: boolean;
  /** Modules: accept a move that changes other modules' versions in go's build list (refused under --strict otherwise). */
  allowDrift?: boolean;
}

export interface SyncChange {
  importPath: string;
  change: 'added' | 'ref' | 'repository' | 'removed';
  /** For a changed entry: what the move from the base's line drops and changes underneath, when it could be told. */
  move?: MoveAssessment;
  /** The dependency's own fork pins at the new pin that the project's file lacks (nobody reads them). */
  ignoredForks?: DependencyFork[];
}

export interface SyncResult {
  file: string;
  displayPath: string;
  base: string;
  changes: SyncChange[];
  dryRun: boolean;
  vndr?: { ms: number };
  warnings: string[];
  notes: string[];
  /** Modules: the other modules whose version go's build list moves with the edit. */
  buildList?: RequirementMove[];
}

/**
 * `vendorfork sync`: after vendor.conf was edited by hand, refresh vendor/
 * for every entry that differs from the base revision (vndr for added and
 * changed entries; a removed entry's directory is deleted), as one
 * transaction. A module file is synced by go mod vendor (formats/gomod/sync.ts).
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const base = options.base ?? 'HEAD';
  const file = locateManifest(options.cwd, options.file);
  if (isModuleFile(file)) {
    const { syncModules } = await import('../gomod/sync.js');
    return syncModules(file, options);
  }
  const confText = await readConfText(file);
  const conf = parse(confText.text);
  const shown = displayPath(options.cwd, file);
  refuseBrokenFile(conf.diagnostics, shown, options);
  const repo = await openRepository(path.dirname(file), options.env);
  const old = parse((await repo.fileAt(base, file)) ?? '');
  const oldByPath = new Map(old.entries.map((e) => [e.importPath, e]));
  const newPaths = new Set(conf.entries.map((e) => e.importPath));
  const changes: SyncChange[] = [];
  for (const entry of conf.entries) {
    const previous = oldByPath.get(entry.importPath);
    if (!previous) changes.push({ importPath: entry.importPath, change: 'added' });
    else if ((previous.repository ?? '') !== (entry.repository ?? ''))
      changes.push({ importPath: entry.importPath, change: 'repository' });
    else if (previous.ref !== entry.ref) changes.push({ importPath: entry.importPath, change: 'ref' });
  }
  for (const entry of old.entries)
    if (!newPaths.has(entry.importPath)) changes.push({ importPath: entry.importPath, change: 'removed' });

  const result: SyncResult = {
    file,
    displayPath: shown,
    base,
    changes,
    dryRun: options.dryRun ?? false,
    warnings: [],
    notes: [],
  };
  await judgeMoves(
    result,
    (p) => oldByPath.get(p),
    (p) => conf.get(p),
    conf.pins,
    options,
    { format: 'vendor.conf', forks: vendorConfFormat.forks(confText.text) },
  );
  if (options.dryRun || changes.length === 0) return result;
  const projectDir = path.dirname(file);
  const { locateVndr, checkGoProject } = await import('../../vndr/preflight.js');
  const vndr = locateVndr(options.env, options.vndr);
  await checkGoProject(projectDir, options.env);
  const [{ refreshVendor }, { vndrTool }] = await Promise.all([
    import('../../vndr/transaction.js'),
    import('../../vndr/vndr-tool.js'),
  ]);
  const removals = changes
    .filter((c) => c.change === 'removed')
    .map((c) => path.join(projectDir, 'vendor', vndrRoot(c.importPath) ?? c.importPath))
    .filter((dir) => existsSync(dir));
  result.vndr = await refreshVendor({
    projectDir,
    files: [{ original: confText }],
    tool: vndrTool({
      vndr,
      projectDir,
      importPaths: changes.filter((c) => c.change !== 'removed').map((c) => c.importPath),
      whitelist: [...readProjectConfig(file).whitelist, ...(options.whitelist ?? [])],
      env: options.env,
      removing: removals.length > 0,
    }),
    restored: 'vendor.conf and vendor/',
    remove: removals,
    env: options.env,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
  });
  return result;
}
