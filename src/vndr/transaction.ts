import { rm } from 'node:fs/promises';
import path from 'node:path';
import { knownRoot, isVersionedPath, vndrRoot } from '../conf/import-path.js';
import { ExitCode, UserError } from '../errors.js';
import { writeConfText, type ConfText } from '../fs/conf-file.js';
import { buildReport, newFailures, type BuildReport } from './build.js';
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
  /** Compile the (one) dependency and its importers before and after; a new failure undoes everything. */
  build?: boolean;
}

/** What --build found: the packages it compiled, and those that failed before the move already. */
export interface BuildOutcome {
  /** The dependency's vendored packages, as a pattern (./vendor/ROOT/...). */
  dependency: string;
  /** The project's packages that depend on it. */
  importers: string[];
  /** Packages that failed before the move and still do: not the move's fault. */
  alreadyFailing: string[];
}

/**
 * Writes vendor.conf and refreshes vendor/ for the given entries as one
 * transaction: locked against a second vendorfork, and rolled back exactly
 * (vendor.conf and vendor/) if vndr fails, is interrupted, or leaves a result
 * that fails a sanity check. Callers run the pre-flight checks
 * (preflight.ts) first, before anything slow or anything is touched.
 */
export async function refreshVendor(options: RefreshOptions): Promise<{ ms: number; build?: BuildOutcome }> {
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
  const buildRoot = options.build ? (vndrRoot(options.importPaths[0]!) ?? options.importPaths[0]!) : undefined;
  const build = (root: string) =>
    buildReport({ projectDir: options.projectDir, root, env: options.env, signal: controller.signal });
  try {
    // Before anything moves: the snapshot takes vendor/<root> away.
    const before = buildRoot ? await build(buildRoot) : undefined;
    if (controller.signal.aborted) throw controller.signal.reason as Error;
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
    let outcome: BuildOutcome | undefined;
    if (before && buildRoot) {
      options.onEvent?.({ type: 'build', importPath: options.importPaths[0]! });
      const after = await build(buildRoot);
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      const broken = newFailures(before, after);
      if (broken.size > 0) throw buildBroken(broken);
      const [dependency, ...importers] = after.packages;
      outcome = {
        dependency: dependency!,
        importers,
        alreadyFailing: [...before.failures.keys()].filter((p) => after.failures.has(p)),
      };
    }
    await snapshot.discard();
    return { ms: Date.now() - started, ...(outcome ? { build: outcome } : {}) };
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

/** The packages that compile no more, with go's first lines: a finding (exit 1), after everything is put back. */
function buildBroken(broken: Map<string, string[]>): UserError {
  const lines: string[] = [];
  for (const [pkg, errors] of broken) {
    lines.push(`# ${pkg}`, ...errors.slice(0, 5).map((line) => `    ${line}`));
    if (lines.length >= 12) break;
  }
  return new UserError(
    `the move breaks the build: ${broken.size === 1 ? '1 package compiles' : `${broken.size} packages compile`} no more (go build, GOPATH mode), so vendor.conf and vendor/ were put back as they were\n${lines.join('\n')}`,
    ExitCode.Findings,
  );
}

export type { BuildReport };
