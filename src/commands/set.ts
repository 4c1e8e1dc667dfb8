import path from 'node:path';
import { UserError } from '../errors.js';
import { parseForkSpec, type ForkSpec } from '../resolve/fork-spec.js';
import { readConfText } from '../fs/conf-file.js';
import { dependencyFiles, formatOf } from '../formats/index.js';
import { judgeMove as judge, strictRefusal, type MoveAssessment, type ProjectForks } from '../resolve/move.js';
import type { Pin, Resolver } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { openEditor } from './pin-edit.js';
import type { DependencyFork } from '../manifest/dependency-fork.js';
import type { EditOptions, EditResult, ManifestEditor } from '../manifest/edit.js';

export interface SetOptions extends EditOptions {
  /** OWNER/REPO@REF, OWNER/REPO, a URL, or @REF. */
  spec: string;
  /** Accept a move that drops commits of the current pin (a warning otherwise, an error under --strict). */
  allowDrop?: boolean;
}

export interface SetResult extends EditResult {
  /** What the move drops and changes underneath, when it could be told (online, or from git's copy). */
  move?: MoveAssessment;
  /** The dependency's own fork pins at the new pin (replaces, vendor.conf third fields) that your file lacks. */
  ignoredForks?: DependencyFork[];
}

/**
 * `vendorfork set`: resolve the spec, judge the move (what it drops, how the dependency's own pins
 * shift), rewrite the one entry (vendor.conf line or module replace), refresh vendor/ for it. Under --strict a risky move is refused before
 * anything is written.
 */
export async function set(options: SetOptions): Promise<SetResult> {
  const spec = parseForkSpec(options.spec, { allowFileUrls: options.allowFileUrls });
  const editor = await openEditor(options);
  const resolved = await withResolver(options, (resolver) => resolveMove(editor, resolver, spec, options));
  return applyMove(editor, resolved, options);
}

/** A pin and what moving the editor's entry to it does: what set and update share. */
export interface ResolvedMove {
  pin: Pin;
  move?: MoveAssessment;
}

/** Resolves the spec against the entry as it is, and judges the move (what it drops, what shifts underneath). */
export async function resolveMove(
  editor: ManifestEditor,
  resolver: Resolver,
  spec: ForkSpec,
  options: Pick<EditOptions, 'dryRun'>,
): Promise<ResolvedMove> {
  const current = editor.current;
  const pin = editor.resolve
    ? await editor.resolve(resolver, spec)
    : await resolver.pin(editor.importPath, spec, current);
  let move: MoveAssessment | undefined;
  try {
    // The editor's entry as resolution placed it (a module's tag in its repository's terms), else as read.
    const from = editor.current ?? current;
    move = from
      ? await resolver.assessMove(editor.importPath, from, pin, editor.projectPins, await dependencyFiles())
      : undefined;
  } catch (error) {
    // The pin itself is sound: what the move drops could not be told, which is worth a line, not a failure.
    if (!(error instanceof UserError)) throw error;
    pin.warnings.push(`could not tell what the move drops or changes underneath: ${error.message}`);
  }
  if (!options.dryRun) await resolver.cacheTree(editor.importPath, pin);
  return { pin, ...(move ? { move } : {}) };
}

/** Refuses a risky move under --strict, else writes it and refreshes vendor/ as one transaction. */
export async function applyMove(
  editor: ManifestEditor,
  { pin, move }: ResolvedMove,
  options: Omit<SetOptions, 'spec'>,
  notes: string[] = [],
): Promise<SetResult> {
  const format = await formatOf(editor.file);
  const projectForks = { format: format.name, forks: format.forks((await readConfText(editor.file)).text) };
  const judged = judgeMove(editor.importPath, pin, move, {
    ...options,
    confName: path.basename(editor.file),
    projectForks,
  });
  const result = await editor.apply(pin, [...notes, ...judged.notes]);
  return {
    ...result,
    ...(move ? { move } : {}),
    ...(judged.ignoredForks.length > 0 ? { ignoredForks: judged.ignoredForks } : {}),
  };
}

/** The assessment's warnings go on the pin (refused under --strict); its notes and the ignored fork pins are returned. */
function judgeMove(
  importPath: string,
  pin: Pin,
  move: MoveAssessment | undefined,
  options: Omit<SetOptions, 'spec'> & { confName: string; projectForks: ProjectForks },
): { notes: string[]; ignoredForks: DependencyFork[] } {
  const { warnings, notes, ignoredForks } = judge(importPath, move, options);
  if (options.strict && warnings.length > 0)
    throw strictRefusal(
      warnings,
      `the move ${move?.dropped && !options.allowDrop ? 'drops commits' : warnings.length > ignoredForks.length ? 'changes pins underneath' : "brings fork pins of the dependency's own that nobody reads"}`,
    );
  pin.warnings.push(...warnings);
  return { notes, ignoredForks };
}
