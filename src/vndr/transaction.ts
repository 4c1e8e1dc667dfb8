import { rm } from 'node:fs/promises';
import path from 'node:path';
import { knownRoot, isVersionedPath } from '../conf/import-path.js';
import { UserError } from '../errors.js';
import { writeConfText, type ConfText } from '../fs/conf-file.js';
import { lockTree, snapshotDirs } from './lock.js';
import { Interrupted, runVndr, type VndrEvent } from './runner.js';
import { VendorSnapshot } from './snapshot.js';

export interface RefreshOptions {
  projectDir: string;
  /** vendor.conf as it is on disk now, to put back on failure. */
  original: ConfText;
  /** The new text, written when the transaction starts; undefined to leave vendor.conf alone (sync). */
  updated?: string;
  importPaths: string[];
  /** vendor/ directories of removed entries, deleted inside the transaction. */
  remove?: string[];
  vndr: string;
  whitelist: string[];
  env: NodeJS.ProcessEnv;
  onEvent?: (event: VndrEvent) => void;
  /** Signals to treat as "stop and put everything back"; the CLI passes the real process. */
  signals?: NodeJS.EventEmitter;
}

/**
 * Writes vendor.conf and refreshes vendor/ for the given entries as one
 * transaction: locked against a second vendorfork, and rolled back exactly
 * (vendor.conf and vendor/) if vndr fails, is interrupted, or leaves a result
 * that fails a sanity check. Callers run the pre-flight checks
 * (preflight.ts) first, before anything slow or anything is touched.
 */
export async function refreshVendor(options: RefreshOptions): Promise<{ ms: number }> {
  const started = Date.now();
  const lock = await lockTree(options.projectDir);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Interrupted(signal));
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  options.signals?.on('SIGINT', onInt);
  options.signals?.on('SIGTERM', onTerm);
  let snapshot: VendorSnapshot | undefined;
  let wroteConf = false;
  try {
    snapshot = await VendorSnapshot.take(
      path.join(options.projectDir, 'vendor'),
      snapshotDirs(options.projectDir),
      movableRoot(options),
    );
    if (options.updated !== undefined) {
      await writeConfText(options.original, options.updated);
      wroteConf = true;
    }
    for (const dir of options.remove ?? []) {
      if (!dir.startsWith(path.join(options.projectDir, 'vendor') + path.sep))
        throw new Error(`refusing to remove ${dir}: not under vendor/`);
      await rm(dir, { recursive: true, force: true });
    }
    for (const importPath of options.importPaths) {
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      await runVndr({
        vndr: options.vndr,
        projectDir: options.projectDir,
        importPath,
        whitelist: options.whitelist,
        env: options.env,
        signal: controller.signal,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
    }
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    // Someone removed the lock while vndr ran (by hand: a live holder's lock is never taken over), so another
    // run may have written the tree too: keep nothing of this one.
    if (!(await lock.held()))
      throw new UserError(
        `the lock ${lock.path} was removed while this run held it, so another run may have changed the tree too; vendor.conf and vendor/ were put back as they were`,
      );
    await snapshot.discard();
    return { ms: Date.now() - started };
  } catch (error) {
    if (wroteConf) await writeConfText(options.original, options.original.text);
    await snapshot?.restore();
    throw error;
  } finally {
    options.signals?.off('SIGINT', onInt);
    options.signals?.off('SIGTERM', onTerm);
    await lock.release();
  }
}

/**
 * The vendor/ directory that vndr deletes before anything else, when it can
 * be told without the network: for a github.com or bitbucket.org entry
 * (vndr's static table; other hosts' roots come from go-get discovery), the
 * entry's own path, which vndr clones into (a `/vN` path too: vndr's
 * repoRootFromVCSPaths makes it its own root). Only for a single vndr call:
 * with several, a directory moved away for a later call would be missing
 * from the earlier calls' cleaning pass, which could then delete what only
 * it imports.
 */
function movableRoot(options: RefreshOptions): string | undefined {
  if (options.importPaths.length !== 1 || (options.remove ?? []).length > 0) return undefined;
  const importPath = options.importPaths[0]!;
  if (!/^(github\.com|bitbucket\.org)\//.test(importPath)) return undefined;
  return isVersionedPath(importPath) || knownRoot(importPath)?.root === importPath ? importPath : undefined;
}
