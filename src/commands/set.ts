import { UserError } from '../errors.js';
import { parseForkSpec } from '../resolve/fork-spec.js';
import { describeDrift, describeDropped, type MoveAssessment } from '../resolve/move.js';
import type { Pin } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { applyPin, prepareEdit, type EditOptions, type EditResult } from './pin-edit.js';

export interface SetOptions extends EditOptions {
  /** OWNER/REPO@REF, OWNER/REPO, a URL, or @REF. */
  spec: string;
  /** Accept a move that drops commits of the current pin (a warning otherwise, an error under --strict). */
  allowDrop?: boolean;
}

export interface SetResult extends EditResult {
  /** What the move drops and changes underneath, when it could be told (online, or from git's copy). */
  move?: MoveAssessment;
}

/**
 * `vendorfork set`: resolve the spec, judge the move (what it drops, how the dependency's own pins
 * shift), rewrite the one entry, refresh vendor/ for it. Under --strict a risky move is refused before
 * anything is written.
 */
export async function set(options: SetOptions): Promise<SetResult> {
  const spec = parseForkSpec(options.spec, { allowFileUrls: options.allowFileUrls });
  const prepared = await prepareEdit(options);
  const current = prepared.conf.get(prepared.importPath);
  const { pin, move } = await withResolver(options, async (resolver) => {
    const pin = await resolver.pin(prepared.importPath, spec, current);
    const projectPins = new Map(prepared.conf.entries.map((entry) => [entry.importPath, entry.ref]));
    const move = current ? await resolver.assessMove(prepared.importPath, current, pin, projectPins) : undefined;
    if (!options.dryRun) await resolver.cacheTree(prepared.importPath, pin);
    return { pin, move };
  });
  const notes = judgeMove(prepared.importPath, pin, move, options);
  const result = await applyPin(options, prepared, pin, notes);
  return { ...result, ...(move ? { move } : {}) };
}

/** Turns the assessment into warnings on the pin (errors under --strict), and returns the notes it adds. */
function judgeMove(importPath: string, pin: Pin, move: MoveAssessment | undefined, options: SetOptions): string[] {
  const notes: string[] = [];
  if (!move) return notes;
  const problems: string[] = [];
  if (move.dropped) {
    const dropped = describeDropped(move.dropped);
    if (options.allowDrop)
      notes.push(`accepted with --allow-drop: ${dropped.slice(0, dropped.indexOf('; moving reverts'))}`);
    else problems.push(dropped);
  }
  for (const drift of move.drift) {
    // A pin that moves to what the project already pins is the fix, not the hazard: said, never refused.
    if (drift.new === drift.project) notes.push(describeDrift(importPath, move, drift, 'vendor.conf'));
    else problems.push(describeDrift(importPath, move, drift, 'vendor.conf'));
  }
  if (options.strict && problems.length > 0)
    // One line to say what happened, then each reason on its own.
    throw new UserError(
      `refused under --strict, nothing changed: the move ${move.dropped && !options.allowDrop ? 'drops commits' : 'changes pins underneath'}${problems.length > 1 ? ` (${problems.length} problems)` : ''}\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  pin.warnings.push(...problems);
  return notes;
}
