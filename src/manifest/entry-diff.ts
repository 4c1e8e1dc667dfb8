import { githubRepositoryOfUrl } from './import-path.js';

export type ChangeKind = 'added' | 'removed' | 'renamed' | 'ref' | 'forked' | 'unforked' | 'fork-changed';

export interface EntrySide {
  importPath: string;
  ref: string;
  repository?: string;
  line: number;
}

/** One row of `vendorfork diff`: what happened to one dependency. */
export interface EntryDiff {
  kind: ChangeKind;
  importPath: string;
  old?: EntrySide;
  new?: EntrySide;
  /** What the row's change does not do that it seems to (a module's bump that a replace overrides). */
  warning?: RowWarning;
}

/** A warning about one row, where it applies in the file after the change. */
export interface RowWarning {
  code: 'replace-shadows-require';
  message: string;
  line: number;
  column: number;
}

/** Rows in the order `vendorfork diff` groups them. */
export const CHANGE_ORDER: ChangeKind[] = ['forked', 'fork-changed', 'unforked', 'ref', 'renamed', 'added', 'removed'];

/** Two URLs name the same repository when they reach the same GitHub owner/repo, whatever their form (git://, .git, scp). */
export function sameRepository(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ra = githubRepositoryOfUrl(a);
  const rb = githubRepositoryOfUrl(b);
  return ra !== undefined && ra.toLowerCase() === rb?.toLowerCase();
}
