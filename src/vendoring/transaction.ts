import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { decode, writeConfText, type ConfText } from '../fs/conf-file.js';
import { newFailures, type BuildReport } from './build-report.js';
import { lockTree, snapshotDirs } from './lock.js';
import type { VendoringEvent, VendoringTool } from './tool.js';
import { VendorSnapshot } from './snapshot.js';

/** How a run stopped by SIGINT or SIGTERM ends, once everything is put back. */
export class Interrupted extends UserError {
  /** `restored` names what was put back: "vendor.conf and vendor/", "go.mod, go.sum and vendor/". */
  constructor(
    readonly signalName: NodeJS.Signals,
    restored = 'vendor.conf and vendor/',
  ) {
    super(`interrupted by ${signalName}: ${restored} were put back as they were`, signalName === 'SIGINT' ? 130 : 143);
  }
}

export interface RefreshOptions {
  projectDir: string;
  /**
   * The files the transaction writes when it starts (the manifest, go.sum), each as it is on disk now and
   * its new text, and puts back as they were on failure (`absent`: a file that did not exist, removed).
   */
  files: { original: ConfText; updated?: string; absent?: boolean }[];
  /** What refreshes vendor/: vndr, or go mod vendor. */
  tool: VendoringTool;
  /** As errors name what was put back: "vendor.conf and vendor/". */
  restored: string;
  /** vendor/ directories of removed entries, deleted inside the transaction. */
  remove?: string[];
  env: NodeJS.ProcessEnv;
  onEvent?: (event: VendoringEvent) => void;
  /** Signals to treat as "stop and put everything back"; the CLI passes the real process. */
  signals?: NodeJS.EventEmitter;
  /** Compile the tool's dependency and its importers before and after; a new failure undoes everything. */
  build?: boolean;
}

/** What --build found: the packages it compiled, and those that failed before the move already. */
export interface BuildOutcome {
  /** The dependency's vendored packages, as a pattern (./vendor/ROOT/..., or MODULE/...). */
  dependency: string;
  /** The project's packages that depend on it. */
  importers: string[];
  /** Packages that failed before the move and still do: not the move's fault. */
  alreadyFailing: string[];
}

/**
 * Writes the manifest's files and refreshes vendor/ with the tool as one transaction: locked against a
 * second vendorfork, and rolled back exactly (the files and vendor/) if the tool fails, is interrupted,
 * or leaves a result that fails a sanity check. Callers run the tool's pre-flight checks first (vndr/preflight.ts,
 * go/go-command.ts locateGo), before anything slow or anything is touched.
 */
export async function refreshVendor(options: RefreshOptions): Promise<{ ms: number; build?: BuildOutcome }> {
  const started = Date.now();
  const buildStep = options.build ? options.tool.build : undefined;
  if (options.build && buildStep === undefined)
    throw new UserError(`--build is not available with ${options.tool.name}: drop --build`);
  const lock = await lockTree(options.projectDir);
  try {
    await refuseIfChanged(options.projectDir, options.files);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Interrupted(signal, options.restored));
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  options.signals?.on('SIGINT', onInt);
  options.signals?.on('SIGTERM', onTerm);
  let snapshot: VendorSnapshot | undefined;
  const written: RefreshOptions['files'] = [];
  try {
    // Before anything moves: the snapshot takes vendor/<root> away.
    const before = buildStep ? await buildStep.run(controller.signal) : undefined;
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    snapshot = await VendorSnapshot.take(
      path.join(options.projectDir, 'vendor'),
      snapshotDirs(options.projectDir),
      (options.remove ?? []).length > 0 ? undefined : options.tool.movableRoot,
    );
    for (const file of options.files) {
      if (file.updated === undefined) continue;
      await writeConfText(file.original, file.updated);
      written.push(file);
    }
    for (const dir of options.remove ?? []) {
      if (!dir.startsWith(path.join(options.projectDir, 'vendor') + path.sep))
        throw new Error(`refusing to remove ${dir}: not under vendor/`);
      await rm(dir, { recursive: true, force: true });
    }
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    await options.tool.run({
      signal: controller.signal,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    // Someone removed the lock while vndr ran (by hand: a live holder's lock is never taken over), so another
    // run may have written the tree too: keep nothing of this one.
    if (!(await lock.held()))
      throw new UserError(
        `the lock ${lock.path} was removed while this run held it, so another run may have changed the tree too; ${options.restored} were put back as they were`,
      );
    let outcome: BuildOutcome | undefined;
    if (before && buildStep) {
      options.onEvent?.({ type: 'build', importPath: buildStep.dependency });
      const after = await buildStep.run(controller.signal);
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      const broken = newFailures(before, after);
      if (broken.size > 0) throw buildBroken(broken, buildStep.mode, options.restored);
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
    for (const { original, absent } of written)
      await (absent ? rm(original.path, { force: true }) : writeConfText(original, original.text));
    await snapshot?.restore();
    throw error;
  } finally {
    options.signals?.off('SIGINT', onInt);
    options.signals?.off('SIGTERM', onTerm);
    await lock.release();
  }
}

/** The packages that compile no more, with go's first lines: a finding (exit 1), after everything is put back. */
function buildBroken(broken: Map<string, string[]>, mode: string, restored: string): UserError {
  const lines: string[] = [];
  for (const [pkg, errors] of broken) {
    lines.push(`# ${pkg}`, ...errors.slice(0, 5).map((line) => `    ${line}`));
    if (lines.length >= 12) break;
  }
  return new UserError(
    `the move breaks the build: ${broken.size === 1 ? '1 package compiles' : `${broken.size} packages compile`} no more (${mode}), so ${restored} were put back as they were\n${lines.join('\n')}`,
    ExitCode.Findings,
  );
}

export type { BuildReport };

/**
 * Writes files under the tree's lock without refreshing vendor/ (--no-vndr, or a module project without
 * vendor/): all of them, or, when one write fails, none.
 */
export async function writeFilesLocked(
  projectDir: string,
  files: { original: ConfText; updated: string; absent?: boolean }[],
): Promise<void> {
  const lock = await lockTree(projectDir);
  const written: typeof files = [];
  try {
    await refuseIfChanged(projectDir, files);
    for (const file of files) {
      await writeConfText(file.original, file.updated);
      written.push(file);
    }
  } catch (error) {
    for (const { original, absent } of written)
      await (absent ? rm(original.path, { force: true }) : writeConfText(original, original.text));
    throw error;
  } finally {
    await lock.release();
  }
}

/**
 * The files as this run read them, checked again under the lock: a second run (or an editor) that wrote one
 * after this run read it and before it took the lock would otherwise lose its edit to this run's text,
 * computed from the older one. Refused, with nothing written: running again reads the new text.
 */
async function refuseIfChanged(projectDir: string, files: { original: ConfText; absent?: boolean }[]): Promise<void> {
  for (const { original, absent } of files) {
    const now = await readFile(original.path).then(
      (bytes) => decode(bytes),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    const same = absent ? now === undefined : now?.text === original.text && now.encoding === original.encoding;
    if (!same)
      throw new UserError(
        `${path.relative(projectDir, original.path) || original.path} changed after this run read it (another vendorfork run, or an editor?): nothing was changed; run again`,
      );
  }
}
