import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import type { VendoringEvent, VendoringTool } from '../../vendoring/tool.js';
import type { ConfText } from '../../fs/conf-file.js';
import type { ModFile } from './core/mod-file.js';
import type { BuildOutcome } from '../../vendoring/transaction.js';
import { goEnv, withModuleRoot, type ModuleProject } from '../../go/go-command.js';
import { runGo } from '../../process/go.js';
import { moduleBuild } from '../../go/module-build.js';

export interface GoModVendorOptions extends ModuleProject {
  /** The dependency the run is for, as progress lines name it. */
  dependency: string;
  /** As errors name what the transaction puts back: "go.mod, go.sum and vendor/". */
  restored: string;
  /** --build: compile the dependency's packages and their importers before and after. */
  build?: boolean;
}

/**
 * `go mod vendor`: go.mod's and vendor.mod's vendoring tool. go rewrites the whole of vendor/ from the
 * module graph, so nothing is moved aside (the snapshot links the tree). For moby's layout (vendor.mod,
 * no go.mod), go still needs a go.mod to find the module root, though it reads -modfile's instead: a stub
 * is written for the length of the run, as moby's hack/with-go-mod.sh does, and removed however it ends.
 */
export function goModVendorTool(options: GoModVendorOptions): VendoringTool {
  const ownFile = path.basename(options.modFile) === 'go.mod';
  const args = ['mod', 'vendor', ...(ownFile ? [] : [`-modfile=${options.modFile}`])];
  return {
    name: 'go mod vendor',
    // go deletes vendor/ whole before it writes it again (os.RemoveAll in modcmd's vendor), so the snapshot
    // takes it away with one rename instead of linking every file.
    movableRoot: '.',
    ...(options.build ? { build: moduleBuild(options) } : {}),
    async run({ signal, onEvent }) {
      const started = Date.now();
      const importPath = options.dependency;
      onEvent?.({ type: 'start', tool: 'go mod vendor', importPath });
      const outcome = await withModuleRoot(options, () =>
        runGo({
          go: options.go,
          args,
          cwd: options.projectDir,
          env: goEnv(options.env),
          signal,
          onLine: (line) => onEvent?.({ type: 'log', importPath, line }),
        }),
      );
      if (outcome.code !== 0 || outcome.signal !== null) {
        const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with status ${outcome.code}`;
        const last = outcome.lines.slice(-12);
        throw new UserError(
          `go ${args.join(' ')} ${how}; ${options.restored} were put back as they were${last.length ? `\ngo's last lines:\n${last.map((l) => `  ${l}`).join('\n')}` : ''}`,
        );
      }
      if (!existsSync(path.join(options.projectDir, 'vendor', 'modules.txt')))
        throw new UserError(
          `go ${args.join(' ')} left no vendor/modules.txt (no package of the project imports a module?); ${options.restored} were put back as they were`,
        );
      onEvent?.({ type: 'done', tool: 'go mod vendor', importPath, ms: Date.now() - started });
    },
  };
}

export interface RevendorOptions {
  go: string;
  /** go.mod or vendor.mod, parsed as it will be written. */
  modFile: string;
  mod: ModFile;
  sumFile: string;
  /** The files to write (or, without new text, only to put back on failure). */
  files: { original: ConfText; updated?: string; absent?: boolean }[];
  /** As progress lines name the run: a module path, or "3 modules". */
  dependency: string;
  /** Run go mod vendor; without it (no vendor/, or --no-vndr) the files are only written. */
  vendor: boolean;
  /** --build: compile the dependency and its importers before and after go mod vendor. */
  build?: boolean;
  env: NodeJS.ProcessEnv;
  onEvent?: (event: VendoringEvent) => void;
  signals?: NodeJS.EventEmitter;
}

/**
 * Writes a module project's files and runs go mod vendor, as one transaction; or, when the project does
 * not vendor, writes the files under the lock. How long go took, when it ran.
 */
export async function revendorModules(
  options: RevendorOptions,
): Promise<{ ms: number; build?: BuildOutcome } | undefined> {
  const projectDir = path.dirname(options.modFile);
  const { refreshVendor, writeFilesLocked } = await import('../../vendoring/transaction.js');
  if (!options.vendor) {
    const writes = options.files.flatMap((f) => (f.updated === undefined ? [] : [{ ...f, updated: f.updated }]));
    if (writes.length > 0) await writeFilesLocked(projectDir, writes);
    return undefined;
  }
  const restored = `${path.basename(options.modFile)}, ${path.basename(options.sumFile)} and vendor/`;
  const { ms, build } = await refreshVendor({
    projectDir,
    files: options.files,
    tool: goModVendorTool({
      go: options.go,
      projectDir,
      modFile: options.modFile,
      module: options.mod.module ?? 'vendorfork.invalid/stub',
      ...(options.mod.goVersion ? { goVersion: options.mod.goVersion } : {}),
      dependency: options.dependency,
      env: options.env,
      restored,
      ...(options.build ? { build: true } : {}),
    }),
    restored,
    env: options.env,
    ...(options.build ? { build: true } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
  });
  return { ms, ...(build ? { build } : {}) };
}
