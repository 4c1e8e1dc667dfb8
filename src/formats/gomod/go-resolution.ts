import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { strictRefusal } from '../../resolve/move.js';
import { goEnv, withModuleRoot, type ModuleProject } from '../../go/go-command.js';
import { runGo } from '../../process/go.js';
import { parseModFile, type ModFile } from './core/mod-file.js';
import { compareSemver, parseSemver } from '../../manifest/pseudo-version.js';
import { addSumLines, type SumLine } from './core/sum-file.js';
import type { RequirementMove } from '../../manifest/entry.js';

/** What go wrote when run on a copy of the module file and its sum file. */
export interface GoRewrite {
  mod: string;
  sum: string;
}

/**
 * Runs `go ARGS -modfile=COPY` in the project folder, on a copy of the module file and of its sum file
 * in a temporary folder, and answers what go wrote there: the project's own files are never touched, and
 * the copy sees the project's packages (go mod tidy) and its relative replacements, which go resolves from
 * the module root. `go mod tidy` and `go get` are the commands this is for.
 */
export async function goRewrites(
  project: Omit<ModuleProject, 'modFile'> & { modFile: string },
  files: { mod: string; sum: string },
  args: string[],
  options: { offline?: boolean; signal?: AbortSignal } = {},
): Promise<GoRewrite> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'vendorfork-resolve-'));
  try {
    const mod = path.join(scratch, 'project.mod');
    const sum = path.join(scratch, 'project.sum');
    await writeFile(mod, files.mod);
    await writeFile(sum, files.sum);
    const outcome = await withModuleRoot(project, () =>
      runGo({
        go: project.go,
        args: withModFileFlag(args, mod),
        cwd: project.projectDir,
        env: goEnv(project.env, options.offline ? { GOPROXY: 'off' } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    if (outcome.code !== 0 || outcome.signal !== null) {
      const last = outcome.lines.slice(-6);
      throw new UserError(
        `go ${args.join(' ')} (on a copy of ${path.basename(project.modFile)}) failed, so nothing was written${last.length ? `\ngo's last lines:\n${last.map((l) => `  ${l}`).join('\n')}` : ''}`,
      );
    }
    return { mod: await readFile(mod, 'utf8'), sum: await readFile(sum, 'utf8').catch(() => '') };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `-modfile=FILE` after the subcommand (`go mod tidy`, `go get`): go reads no flag after a package argument. */
function withModFileFlag(args: string[], mod: string): string[] {
  const words = args[0] === 'mod' ? 2 : 1;
  return [...args.slice(0, words), `-modfile=${mod}`, ...args.slice(words)];
}

/** The lines of go's sum file that ours lacks, to be added where go's sort puts them. */
export function withSumsOf(ours: string, go: string): string {
  const lines: SumLine[] = go
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 3)
    .map(([path, version, hash]) => ({ path: path!, version: version!, hash: hash! }));
  return addSumLines(ours, lines);
}

/**
 * go's rewrite taken back onto the lossless tree: the requirement versions go changed and the requirements
 * it added (mod-file.ts adoptRequirements), and the sums it added. Returns the moves, but for `except` (the
 * module the edit is for).
 */
export function adoptRewrite(
  mod: ModFile,
  sum: string,
  rewrite: GoRewrite,
  except: string,
): { sum: string; moves: RequirementMove[] } {
  const moves = mod.adoptRequirements(parseModFile(rewrite.mod)).filter((m) => m.path !== except);
  return { sum: withSumsOf(sum, rewrite.sum), moves };
}

/**
 * The drift line: the modules whose selected version the move changes, in go's terms (the build list
 * before and after; for a go.mod at go 1.17 or later, which lists every module that provides a package,
 * exactly what changes in vendor/modules.txt).
 */
export function describeBuildListMoves(moves: RequirementMove[]): string {
  const raised = moves.filter((m) => m.from !== undefined && !lower(m.to, m.from));
  const lowered = moves.filter((m) => m.from !== undefined && lower(m.to, m.from));
  const added = moves.filter((m) => m.from === undefined);
  const list = (items: string[]) =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const parts = [
    ...(raised.length ? [`raises ${list(raised.map((m) => `${m.path} ${m.from} → ${m.to}`))}`] : []),
    ...(lowered.length ? [`lowers ${list(lowered.map((m) => `${m.path} ${m.from} → ${m.to}`))}`] : []),
    ...(added.length ? [`adds ${list(added.map((m) => `${m.path} ${m.to}`))}`] : []),
  ];
  return `the move ${parts.join('; ')}`;
}

function lower(a: string, b: string): boolean {
  return compareModuleVersions(a, b) < 0;
}

/** go's version order (semver, +incompatible ignored); versions it cannot read compare as text. */
export function compareModuleVersions(a: string, b: string): number {
  const strip = (v: string) => v.replace(/\+incompatible$/, '');
  const [x, y] = [parseSemver(strip(a)), parseSemver(strip(b))];
  if (x && y) return compareSemver(x, y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether the fork's go.mod asks for more than the file gives: a module the file does not require, or one
 * it requires at an older version. Unknown (no go.mod in the cache) counts as yes.
 */
export function needsNewerRequirements(forkGoMod: string | undefined, mod: ModFile): boolean {
  if (forkGoMod === undefined) return true;
  const required = new Map(mod.requirements.map((r) => [r.path, r.version]));
  return parseModFile(forkGoMod).requirements.some((r) => {
    const ours = required.get(r.path);
    return ours === undefined || compareModuleVersions(ours, r.version) < 0;
  });
}

/**
 * The drift line, in go's terms: the other modules whose version a move changes. A warning; a note with
 * --allow-drift; refused under --strict without it, before anything is written.
 */
export function judgeDrift(
  moves: RequirementMove[],
  options: { strict?: boolean; allowDrift?: boolean },
): { warning?: string; note?: string } {
  if (moves.length === 0) return {};
  const line = describeBuildListMoves(moves);
  if (options.allowDrift) return { note: `accepted with --allow-drift: ${line}` };
  if (options.strict)
    throw strictRefusal([`${line}; accept it with --allow-drift`], "the move changes other modules' versions");
  return { warning: line };
}
