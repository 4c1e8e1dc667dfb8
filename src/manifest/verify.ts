import type { GitFailure } from '../git/plumbing.js';

export interface VerifyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** Only these entries (import paths or their last element); all by default. */
  only?: string[];
  /** Add a unified diff for each modified file. */
  patch?: boolean;
  /** How many entries at once. */
  concurrency?: number;
  onEntry?: (result: VerifiedEntry) => void;
}

export interface VerifiedEntry {
  /** The import path, or for a module file the module path. */
  importPath: string;
  /** The repository cloned into the cache (the fork, or the upstream); for a module, the module path its files come from. */
  repository?: string;
  /** The ref pinned; for a module, its version. */
  ref: string;
  /** The commit compared with; for a module, a pseudo-version's 12-digit commit (none for a tag). */
  sha?: string;
  /** ok: every file matches; modified: some differ; unchecked: it could not be compared (see `error`). */
  status: 'ok' | 'modified' | 'unchecked';
  /** Why an entry was not checked, for grouping: the network, or a pin that names nothing. */
  reason?: UncheckedReason;
  /** Vendored files whose bytes differ from the pinned commit's. */
  modified: string[];
  /** Vendored files the pinned commit does not have. */
  added: string[];
  /**
   * Files the vendoring tool would have put there that vendor/ lacks (for vendor.conf: vndr keeps a package's
   * directory whole; an entry with nothing vendored is its directory, missing).
   */
  missing: string[];
  patches?: Record<string, string>;
  /** With status unchecked: one line saying why. */
  error?: string;
  /** Whether the cache had to clone or fetch for this entry. */
  fetched: boolean;
}

export type UncheckedReason = GitFailure['reason'] | 'no-ref' | 'unknown-repository';

export interface VerifyResult {
  file: string;
  displayPath: string;
  entries: VerifiedEntry[];
  /** Entries that match, that differ, and that could not be checked (which is neither). */
  counts: { match: number; differ: number; unchecked: number };
  /** Every entry checked and matching. */
  ok: boolean;
}
