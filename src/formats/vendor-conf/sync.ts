import { existsSync } from 'node:fs';
import path from 'node:path';
import { vndrRoot } from '../../manifest/import-path.js';
import { forkTargets, parse } from './core/vendor-conf.js';
import { readConfText } from '../../fs/conf-file.js';
import { readProjectConfig } from '../../fs/project-config.js';
import { openRepository } from '../../git/repository.js';
import { displayPath } from '../../fs/display-path.js';
import { refuseBrokenFile } from '../common/edit-result.js';
import { judgeMoves } from '../common/sync-moves.js';
import type { SyncChange, SyncOptions, SyncResult } from '../../manifest/sync.js';
import { dependencyFiles } from '../dependency-pins.js';

/**
 * `vendorfork sync` on a vendor.conf: after it was edited by hand, vendor/ is refreshed for every entry that
 * differs from the base revision (vndr for added and changed entries; a removed entry's directory is
 * deleted), as one transaction.
 */
export async function syncVendorConf(file: string, options: SyncOptions): Promise<SyncResult> {
  const base = options.base ?? 'HEAD';
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
    dependencyFiles,
    options,
    { format: 'vendor.conf', forks: forkTargets(conf.entries) },
  );
  if (options.dryRun || changes.length === 0) return result;
  const projectDir = path.dirname(file);
  const { locateVndr, checkGoProject } = await import('../../vndr/preflight.js');
  const vndr = locateVndr(options.env, options.vndr);
  await checkGoProject(projectDir, options.env);
  const [{ refreshVendor }, { vndrTool }] = await Promise.all([
    import('../../vendoring/transaction.js'),
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
