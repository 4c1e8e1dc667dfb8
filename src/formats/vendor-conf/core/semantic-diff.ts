import { githubRepositoryOfUrl } from '../../../manifest/import-path.js';
import type { Entry, VendorConf } from './vendor-conf.js';

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

const side = (entry: Entry): EntrySide => ({
  importPath: entry.importPath,
  ref: entry.ref,
  ...(entry.repository !== undefined ? { repository: entry.repository } : {}),
  line: entry.line,
});

/** Two URLs name the same repository when they reach the same GitHub owner/repo, whatever their form (git://, .git, scp). */
export function sameRepository(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ra = githubRepositoryOfUrl(a);
  const rb = githubRepositoryOfUrl(b);
  return ra !== undefined && ra.toLowerCase() === rb?.toLowerCase();
}

/**
 * What changed between two vendor.conf files, entry by entry. Order,
 * comments and layout are not changes; a URL rewritten to another form of
 * the same repository (git:// to https://) is not a fork change. An entry
 * removed under one import path and added under another at the same ref is
 * a rename.
 */
export function diffConfs(before: VendorConf, after: VendorConf): EntryDiff[] {
  const first = (conf: VendorConf) => {
    const map = new Map<string, Entry>();
    for (const entry of conf.entries) if (!map.has(entry.importPath)) map.set(entry.importPath, entry);
    return map;
  };
  const oldMap = first(before);
  const newMap = first(after);
  const rows: EntryDiff[] = [];
  const added: Entry[] = [];
  const removed: Entry[] = [];
  for (const [importPath, entry] of newMap) {
    const old = oldMap.get(importPath);
    if (!old) {
      added.push(entry);
      continue;
    }
    const wasFork = old.repository !== undefined;
    const isFork = entry.repository !== undefined;
    let kind: ChangeKind | undefined;
    if (!wasFork && isFork) kind = 'forked';
    else if (wasFork && !isFork) kind = 'unforked';
    else if (wasFork && isFork && !sameRepository(old.repository, entry.repository)) kind = 'fork-changed';
    else if (old.ref !== entry.ref) kind = 'ref';
    if (kind) rows.push({ kind, importPath, old: side(old), new: side(entry) });
  }
  for (const [importPath, entry] of oldMap) if (!newMap.has(importPath)) removed.push(entry);
  for (const entry of added) {
    // A rename keeps the pin; a shared tag alone (v1.0.0) does not make two projects one.
    const lastElement = (path: string) => path.split('/').pop();
    const renamedFrom = removed.findIndex(
      (old) =>
        old.ref === entry.ref &&
        sameRepository(old.repository, entry.repository) &&
        (/^[0-9a-f]{40}$/.test(entry.ref) || lastElement(old.importPath) === lastElement(entry.importPath)),
    );
    if (renamedFrom !== -1) {
      const [old] = removed.splice(renamedFrom, 1);
      rows.push({ kind: 'renamed', importPath: entry.importPath, old: side(old!), new: side(entry) });
    } else {
      rows.push({ kind: 'added', importPath: entry.importPath, new: side(entry) });
    }
  }
  for (const entry of removed) rows.push({ kind: 'removed', importPath: entry.importPath, old: side(entry) });
  // Code-unit order, not localeCompare: the same on every machine and in every locale.
  const byPath = (a: EntryDiff, b: EntryDiff) =>
    a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0;
  return rows.sort((a, b) => CHANGE_ORDER.indexOf(a.kind) - CHANGE_ORDER.indexOf(b.kind) || byPath(a, b));
}
