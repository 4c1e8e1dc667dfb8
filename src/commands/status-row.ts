import type { DroppedCommits } from '../resolve/move.js';

/** What status answers for each entry, apart from how it is found (status.ts) and when a fork can go (status-removal.ts). */

export type Verdict =
  'merged-upstream' | 'fork-ahead' | 'unreachable' | 'missing' | 'upstream' | 'newer-tag' | 'not-github';

export interface StatusRow {
  importPath: string;
  line: number;
  ref: string;
  /** owner/repo of the upstream, when known. */
  upstream?: string;
  /** owner/repo of the fork on GitHub, or the URL as written for other hosts. */
  fork?: string;
  sha?: string;
  defaultBranch?: string;
  /** Fork commits not in upstream's default branch, and upstream commits not in the pin. */
  aheadBy?: number;
  behindBy?: number;
  /** Whether a branch or tag of the fork holds the pinned commit (undefined: not known). */
  reachable?: boolean;
  reachableVia?: string;
  verdict: Verdict;
  /** What to do about it, as a command when there is one. */
  advice?: string;
  newerTag?: string;
  detail?: string;
  /**
   * The upstream pin this fork entry replaced (the newest version of vendor.conf in git's history where the
   * entry had no fork), and what the fork's pin lacks of it, when that could be told.
   */
  replaced?: { ref: string; dropped?: DroppedCommits };
  /** For a fork pin: when it can go (its commits upstream or released, its pull request done), with the evidence. */
  removal?: Removal;
}

/** What the pull request named in an entry's comment says, and who said it. */
export interface PullRequestEvidence {
  url: string;
  /** owner/repo#number */
  name: string;
  /** `unknown` when only git could be asked and git cannot tell (see pullRequestEvidence). */
  state: 'open' | 'closed' | 'merged' | 'unknown';
  via: 'github' | 'git';
  headSha?: string;
  /** The commit the merge made on upstream's branch, when GitHub says. */
  mergeCommit?: string;
  /** How git told, or why nothing could. */
  detail?: string;
}

/**
 * When a fork pin can go, for status: each of the three ways it becomes removable, what was found for
 * each, and the command that removes it once one holds.
 */
export interface Removal {
  /** The fork can go now. */
  ready: boolean;
  /** The way that makes it removable now: a release has it, upstream's default branch has it, or its pull request is done. */
  because?: 'release' | 'merged' | 'pull-request';
  /** The fork's commits are all in upstream's default branch. */
  merged: { ready: boolean; defaultBranch?: string; aheadBy?: number };
  pullRequest?: PullRequestEvidence;
  /** The first upstream release (a version tag, lowest first) that contains the commits, from git's copy of upstream. */
  release?: { tag: string; commit: string };
  /** Why a release could not be looked for, when that was tried. */
  releaseDetail?: string;
  command?: string;
  /** One line: why it can go and the command, or what would make it removable. */
  summary: string;
}

/** The name set and reset take for a dependency: its last path element, before a module's /vN. */
export function shortName(importPath: string): string {
  return importPath
    .replace(/\/v[2-9]\d*$/, '')
    .split('/')
    .pop()!;
}
