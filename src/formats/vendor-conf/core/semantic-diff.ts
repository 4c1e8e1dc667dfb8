import type { VendorConf } from './vendor-conf.js';
import type { Entry } from '../../../manifest/entry.js';
import {
  CHANGE_ORDER,
  sameRepository,
  type ChangeKind,
  type EntryDiff,
  type EntrySide,
} from '../../../manifest/entry-diff.js';

const side = (entry: Entry): EntrySide => ({
  importPath: entry.importPath,
  ref: entry.ref,
  ...(entry.repository !== undefined ? { repository: entry.repository } : {}),
  line: entry.line,
});

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
