import type { RepoId } from './fork-spec.js';

/** What the resolver answers, apart from the resolver: so its two ref sources can name them without a circle. */

export type RefKind = 'sha' | 'tag' | 'branch';

export interface ResolvedRef {
  /** What goes in vendor.conf: a full SHA, or a tag kept as a tag. */
  ref: string;
  /** The commit, when known (offline, a full SHA is taken as it is). */
  sha?: string;
  kind: RefKind;
}

/** Where a fork left its upstream (reset): see Resolver.basedOn. */
export interface ForkBase {
  upstream: RepoId;
  fork: RepoId;
  forkCommit: string;
  mergeBase: string;
  defaultBranch: string;
  aheadBy: number;
  /** The fork's commit is in upstream's default branch. */
  merged: boolean;
  /** How it was found, when through git. */
  notes: string[];
}

/** The fork branches that hold a pinned commit (update): see Resolver.forkBranches. */
export interface ForkBranches {
  fork: RepoId;
  /** The pinned commit. */
  sha: string;
  /** Branch names, sorted. */
  containing: string[];
  via: 'github' | 'git';
}

/** What `set` writes, and what it found on the way. */
export interface Pin {
  importPath: string;
  upstream: RepoId;
  /** The repository cloned: the fork, or the upstream itself. */
  repository: RepoId;
  /** The third field to write, or null for none (back to upstream). */
  repositoryUrl: string | null;
  ref: string;
  sha?: string;
  kind: RefKind;
  /** Things the user should know that do not stop the pin (a branch that moves, a fork outside the network). */
  warnings: string[];
  /** How it was resolved, when that is worth a line: through git, because GitHub's API could not answer. */
  notes?: string[];
  /** Who answered: GitHub's API, or git (then the move is judged through git too), or go for a module. */
  via?: 'github' | 'git' | 'go';
  /** For a module: the module path the replace names, as module resolution chose it (formats/gomod/resolve.ts). */
  modulePath?: string;
}
