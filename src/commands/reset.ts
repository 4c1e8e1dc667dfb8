import { UserError } from '../errors.js';
import { readConfText } from '../fs/conf-file.js';
import { formatOf, locateManifest } from '../formats/index.js';
import type { Pin } from '../resolve/resolver.js';
import { withResolver } from '../resolve/with-resolver.js';
import { openEditor } from './pin-edit.js';
import type { Removal } from './status-removal.js';
import type { EditOptions, EditResult } from '../manifest/edit.js';
import type { ResetResult } from '../manifest/edit.js';

export interface ResetOptions extends EditOptions {
  /** The upstream ref to use; by default where the format puts upstream (see ManifestEditor.resetToUpstream). */
  ref?: string;
}

/**
 * `vendorfork reset`: back to upstream. With a ref, the dependency is pinned to upstream at it (vendor.conf:
 * the third field dropped; a module: replaced by its own path at that version). Without one, vendor.conf
 * goes to the commit the fork was based on, and a module's replace is removed.
 */
export async function reset(options: ResetOptions): Promise<ResetResult> {
  const editor = await openEditor(options);
  const entry = editor.current;
  if (!entry)
    throw new UserError(
      `${editor.importPath} is not in ${displayName(editor.file)}: nothing to reset (use vendorfork set to add it)`,
    );
  return withResolver(options, async (resolver) => {
    if (options.ref === undefined) return editor.resetToUpstream(resolver);
    // Upstream as the import path names it: the API path follows a rename itself, and git follows GitHub's redirect.
    const upstream = { ...(await resolver.upstreamAsNamed(editor.importPath)), gitSuffix: false };
    const spec = { repository: upstream, ref: options.ref };
    return editor.apply(
      await (editor.resolve ? editor.resolve(resolver, spec) : resolver.pin(editor.importPath, spec, entry)),
    );
  });
}

function displayName(file: string): string {
  return file.split(/[\\/]/).pop()!;
}

export interface ResetMergedResult {
  file: string;
  displayPath: string;
  /** The fork pins dropped, each with what status found of it. */
  reset: (EditResult & { removal: Removal })[];
  /** Fork pins left alone: upstream lacks some of their commits, or status could not tell. */
  kept: { importPath: string; reason: string }[];
  dryRun: boolean;
}

/**
 * `vendorfork reset --merged`: every fork pin whose commits upstream's default branch already has, as
 * status finds them, back to upstream in one transaction: at the first release that has them, else at
 * the pinned commit itself (now upstream's). A pin only its pull request vouches for is kept: its own
 * commits are not upstream's.
 */
export async function resetMerged(options: Omit<ResetOptions, 'dependency' | 'ref'>): Promise<ResetMergedResult> {
  if (options.offline) throw new UserError('reset --merged asks upstream what it has: drop --offline');
  if (options.build)
    throw new UserError('--build proves one dependency at a time: run vendorfork reset NAME --build for each');
  const { status } = await import('./status.js');
  const found = await status({
    cwd: options.cwd,
    env: options.env,
    file: options.file ?? locateManifest(options.cwd),
    ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
  });
  const merged = found.rows.filter((row) => row.removal?.merged.ready && row.sha);
  const kept = found.rows
    .filter((row) => !merged.includes(row))
    .map((row) => ({ importPath: row.importPath, reason: row.removal?.summary ?? row.detail ?? row.verdict }));
  const result: ResetMergedResult = {
    file: found.file,
    displayPath: found.displayPath,
    reset: [],
    kept,
    dryRun: options.dryRun ?? false,
  };
  if (merged.length === 0) return result;
  const format = await formatOf(found.file);
  const entries = format.entries((await readConfText(found.file)).text);
  const editor = await openEditor({ ...options, file: found.file, dependency: merged[0]!.importPath });
  const pins = await withResolver(options, async (resolver) => {
    const pins: Pin[] = [];
    for (const row of merged) {
      const upstream = { ...(await resolver.upstreamAsNamed(row.importPath)), gitSuffix: false };
      const entry = entries.find((e) => e.importPath === row.importPath);
      pins.push(
        await resolver.pin(row.importPath, { repository: upstream, ref: row.removal!.release?.tag ?? row.sha! }, entry),
      );
    }
    return pins;
  });
  const results = await editor.applyAll(pins);
  result.reset = results.map((edit, i) => {
    const removal = merged[i]!.removal!;
    return { ...edit, notes: [...edit.notes, removal.summary.replace(/: run .*$/, '')], removal };
  });
  return result;
}
