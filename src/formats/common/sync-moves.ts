import path from 'node:path';
import { UserError } from '../../errors.js';
import { judgeMove, strictRefusal, type ProjectForks } from '../../resolve/move.js';
import { withResolver } from '../../resolve/with-resolver.js';
import { plural } from '../../text/plural.js';
import type { Entry } from '../../manifest/entry.js';
import type { SyncOptions, SyncResult } from '../../manifest/sync.js';
import type { DependencyFiles } from '../../manifest/dependency-fork.js';

/**
 * Each entry whose ref or repository changed since the base is a move, judged as set judges one: what it
 * drops, what it changes underneath. Under --strict a risky move refuses the whole sync before anything
 * is touched. A move that cannot be judged (the fork gone, say) is a warning: vndr will say the rest.
 */
export async function judgeMoves(
  result: SyncResult,
  oldEntry: (importPath: string) => Entry | undefined,
  newEntry: (importPath: string) => Entry | undefined,
  projectPins: Map<string, string>,
  files: DependencyFiles,
  options: SyncOptions,
  projectForks?: ProjectForks,
): Promise<void> {
  const moved = result.changes.filter((c) => c.change === 'ref' || c.change === 'repository');
  if (moved.length === 0) return;
  let ignored = false;
  await withResolver(options, async (resolver) => {
    for (const change of moved) {
      try {
        const move = await resolver.assessEntryMove(
          change.importPath,
          oldEntry(change.importPath)!,
          newEntry(change.importPath)!,
          projectPins,
          files,
        );
        if (move) change.move = move;
        const { warnings, notes, ignoredForks } = judgeMove(change.importPath, move, {
          ...options,
          confName: path.basename(result.file),
          ...(projectForks ? { projectForks } : {}),
        });
        if (ignoredForks.length > 0) change.ignoredForks = ignoredForks;
        ignored ||= ignoredForks.length > 0;
        result.warnings.push(...warnings);
        result.notes.push(...notes);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        result.warnings.push(`could not tell what moving ${change.importPath} drops: ${error.message}`);
      }
    }
  });
  if (options.strict && result.warnings.length > 0)
    throw strictRefusal(
      result.warnings,
      `moving ${plural(moved.length, 'entry', 'entries')} would drop commits${ignored ? ',' : ' or'} change pins underneath${ignored ? ', or bring fork pins nobody reads' : ''}`,
    );
}
