import type { ManifestDiagnostic } from './diagnostic.js';
import type { EditOptions, ManifestEditor } from './edit.js';
import type { EntryDiff } from './entry-diff.js';
import type { Entry } from './entry.js';
import type { SyncOptions, SyncResult } from './sync.js';
import type { VerifyOptions, VerifyResult } from './verify.js';

export type { ManifestDiagnostic };

/** A diagnostic that may name the files under vendor/ it is about (orphans, hand edits). */
export type FileDiagnostic = ManifestDiagnostic & { files?: string[] };

/** How messages name what the format's vendoring tool will do with a bad pin: in its own words. */
export interface ToolWords {
  /** A fork repository that does not exist. */
  readonly cannotClone: string;
  /** A ref that names no commit of the fork. */
  readonly cannotCheckout: string;
  /** A pinned commit no branch or tag of the fork holds, as check --online says what follows. */
  readonly unreachablePin: string;
  /** The same, as status says it. */
  readonly unreachableStatus: string;
}

export interface StagedOptions {
  /** Report hand edits under vendor/ as warnings instead of errors. */
  allowVendorEdits?: boolean | undefined;
  online?: boolean | undefined;
}

export interface StagedJudgement {
  diagnostics: FileDiagnostic[];
  /** The staged manifest's text, when the format's online checks read it (only asked for with online). */
  text?: string;
}

export interface OnlineOptions {
  /** The file is the staged one: what reads the work tree's files is left out. */
  staged?: boolean | undefined;
  /** What goes to the network and for how long, as it happens. */
  onNote?: ((line: string) => void) | undefined;
}

export interface OnlineJudgement {
  diagnostics: FileDiagnostic[];
  /** Codes of the offline diagnostics that this answer replaces (it read the whole graph, not a guess). */
  supersedes?: string[];
}

/** The refs `reset` is given to remove a fork pin that can go, in the format's terms. */
export interface RemovalRefs {
  /**
   * The first release among the tags (without `tags/`) of the upstream commits that contain a commit: vX.Y.Z
   * without a pre-release part; for a module, its own tags only (its major, its subdirectory's prefix).
   */
  firstRelease(tags: readonly string[], importPath: string): string | undefined;
  /** What reset takes to land on a release; undefined when reset without a ref already goes there. */
  refForRelease(text: string, importPath: string, tag: string): string | undefined;
  /** What reset takes to land on upstream's commit once its default branch has it; undefined: no ref needed. */
  refForMerged(sha: string): string | undefined;
}

/**
 * Everything the commands need of a dependency manifest, one implementation per format folder under
 * src/formats/ (vndr's vendor.conf; go.mod and moby's vendor.mod), as Renovate's managers each export the
 * same functions: a command asks the format and never which one it holds. The reading half is pure; the
 * rest does I/O and loads its code only when called, so the hook's path stays small.
 */
export interface ManifestFormat {
  readonly name: string;
  /** The tool that refreshes vendor/ from this file, as messages name it. */
  readonly tool: string;
  readonly words: ToolWords;
  /** What starts a line's comment, where a pull request URL is looked for. */
  readonly commentMarker: '#' | '//';

  /** What vndr or go would refuse, and likely mistakes. Pure. */
  diagnose(text: string): ManifestDiagnostic[];
  /**
   * Entry by entry, in the vendor.conf diff's fields (a module's version as ref, its replacement as
   * repository); `fileName` (vendor.mod) names the lines a row's warning points at. Pure.
   */
  diff(before: string, after: string, fileName?: string): EntryDiff[];
  /** Import or module path → what the file pins it at: what a dependency's own pins are compared with. */
  pins(text: string): Map<string, string>;
  /**
   * Import or module path → what the file points it at instead of its upstream (a replacement's module path,
   * a fork's repository as forkTarget keys it): what a dependency's own fork pins are compared with.
   */
  forks(text: string): Map<string, string>;
  /** The git ref a pinned version stands for: a pseudo-version's commit, a module version's tag. */
  gitRef(ref: string): string;
  /**
   * The dependencies as the resolver reads a vendor.conf line: a ref git knows (a module's pseudo-version
   * as its commit, its tag), and a fork's repository URL (a module's replacement by another repository).
   */
  entries(text: string): Entry[];
  readonly removal: RemovalRefs;

  /** Plain `check`'s findings beyond diagnose that read the project's files (vendor/, the index). */
  localDiagnostics(file: string, text: string, env: NodeJS.ProcessEnv): Promise<FileDiagnostic[]>;
  /** `check --online`'s findings beyond the fork checks every format shares (commands/check-online.ts). */
  onlineDiagnostics(
    file: string,
    text: string,
    env: NodeJS.ProcessEnv,
    options: OnlineOptions,
  ): Promise<OnlineJudgement>;
  /** `check --staged`, the pre-commit guard: the staged manifest, and vendor/ against what the tool would write. */
  stagedDiagnostics(file: string, env: NodeJS.ProcessEnv, options: StagedOptions): Promise<StagedJudgement>;
  /** Tracked files under vendor/ that belong to no entry, as lines `hook install` prints. */
  orphans(file: string, env: NodeJS.ProcessEnv): Promise<string[]>;
  /** set and reset: one dependency opened for a new pin, everything that fails without the network checked. */
  openEditor(file: string, options: EditOptions): Promise<ManifestEditor>;
  /** `sync`: vendor/ refreshed for every entry that differs from the base revision, as one transaction. */
  sync(file: string, options: SyncOptions): Promise<SyncResult>;
  /** `verify`: vendor/ against the pinned versions, entry by entry. */
  verify(file: string, options: VerifyOptions): Promise<VerifyResult>;
}
