import { statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../conf/diagnostics.js';
import type { ModDiagnosticCode } from '../gomod/diagnostics.js';
import { vndrRoot } from '../conf/import-path.js';
import { groupOrphans, type Orphan } from '../conf/orphans.js';
import { diffConfs } from '../conf/semantic-diff.js';
import { parse, type Entry, type VendorConf } from '../conf/vendor-conf.js';
import { UserError } from '../errors.js';
import { decode, readConfText } from '../fs/conf-file.js';
import { CONFIG_NAME, readProjectConfig } from '../fs/project-config.js';
import { readCacheFile, writeCacheFile } from '../fs/cache-file.js';
import { stateDir } from '../fs/state-dir.js';
import { blobsOf, readTreeListing } from '../fs/tree-cache.js';
import { FULL_SHA } from '../resolve/fork-spec.js';
import { catFileBatch, git, pathFromGit, workTreeRoot, zList } from '../git/plumbing.js';
import { nameStatus, rootFinder } from '../git/staged-paths.js';
import { plural } from '../text/plural.js';

/** Problems that are about vendor/, not a line of vendor.conf; reported against the entry's line, or line 0 (the file). */
export type StagedCode =
  | 'vendor-not-updated'
  | 'vendor-hand-edit'
  | 'vendor-orphan'
  | 'vendor-missing'
  | 'vendor-unverified'
  /** A module file and vendor/modules.txt that disagree (go's "inconsistent vendoring"). */
  | 'vendor-inconsistent';

export interface StagedDiagnostic extends Omit<Diagnostic, 'code'> {
  code: Diagnostic['code'] | ModDiagnosticCode | StagedCode;
  /** Files under vendor/ the problem is about. */
  files?: string[];
}

/**
 * `check --staged`, for the pre-commit hook: what the next commit would
 * record, read from the index (never the working tree), offline.
 *
 * - the staged vendor.conf is valid;
 * - an entry whose ref or URL changed has staged changes under vendor/<root>;
 * - staged changes under vendor/<root> whose entry did not change are a hand
 *   edit of vendored code (vndr only ever deletes files; --allow-vendor-edits
 *   lets them through);
 * - every vendor/<root> has an entry, and every entry a directory.
 */
export async function stagedDiagnostics(
  confFile: string,
  env: NodeJS.ProcessEnv,
  options: { allowVendorEdits?: boolean; online?: boolean },
): Promise<{ conf: VendorConf; diagnostics: StagedDiagnostic[] }> {
  const top = workTreeRoot(path.dirname(confFile));
  if (!top) throw new UserError(`${path.dirname(confFile)} is not in a git work tree: --staged reads the git index`);
  const rel = path.relative(top, confFile).split(path.sep).join('/');
  const vendorRel = path.posix.join(path.posix.dirname(rel), 'vendor');
  // This runs on every commit that stages vendoring, so as few git processes as can answer, side by side:
  // one cat-file for both versions of vendor.conf and the id of HEAD's vendor/ tree, the staged changes under
  // vendor/, and, unless the listing of HEAD's vendor/ kept from an earlier run is likely still HEAD's,
  // that listing.
  const listingCache = headListingCache(path.dirname(confFile));
  const kept = listingCache ? readKeptListing(listingCache) : undefined;
  const stamp = headStamp(top);
  const listing =
    kept && stamp !== undefined && kept.stamp === stamp ? undefined : listTree(top, `HEAD:${vendorRel}`, env);
  const [[stagedObject, headObject, headVendor], changed] = await Promise.all([
    catFileBatch(top, [`:${rel}`, `HEAD:${rel}`, `HEAD:${vendorRel}`], env),
    git(top, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--', vendorRel], env),
  ]);
  const staged = stagedObject?.type === 'blob' ? stagedObject.content : undefined;
  const head = headObject?.type === 'blob' ? headObject.content : undefined;
  if (staged === undefined) return { conf: parse(''), diagnostics: [] };
  const stagedChanges = nameStatus(changed.stdout);
  const tracked = await indexListing(top, vendorRel, stagedChanges, env, {
    tree: headVendor?.type === 'tree' ? headVendor.oid : undefined,
    kept,
    listing,
    cacheFile: listingCache,
    stamp,
  });
  const conf = parse(decode(staged).text);
  const before = parse(head === undefined ? '' : decode(head).text);
  const diagnostics: StagedDiagnostic[] = [...conf.diagnostics];
  const whitelist = readProjectConfig(confFile).whitelist.map((re) => new RegExp(re));

  const roots = new Map<string, { importPath: string; line: number }>();
  for (const entry of conf.entries)
    roots.set(vndrRoot(entry.importPath) ?? entry.importPath, { importPath: entry.importPath, line: entry.line });
  for (const entry of before.entries) {
    const root = vndrRoot(entry.importPath) ?? entry.importPath;
    if (!roots.has(root)) roots.set(root, { importPath: entry.importPath, line: 0 });
  }
  const rootOf = rootFinder(roots);
  const inVendor = (file: string) => file.slice(vendorRel.length + 1);

  const changedByRoot = new Map<string, string[]>();
  const orphanFiles: string[] = [];
  for (const { path: file } of stagedChanges) {
    const root = rootOf(inVendor(file));
    if (root) changedByRoot.set(root, [...(changedByRoot.get(root) ?? []), file]);
  }
  const trackedRoots = new Set<string>();
  for (const relative of tracked) {
    if (whitelist.some((re) => re.test(relative))) continue;
    const root = rootOf(relative);
    if (root) trackedRoots.add(root);
    else orphanFiles.push(relative);
  }

  const moved = new Map(
    diffConfs(before, conf).map((change) => [vndrRoot(change.importPath) ?? change.importPath, change]),
  );
  for (const change of moved.values()) {
    const root = vndrRoot(change.importPath) ?? change.importPath;
    if (change.kind === 'removed') {
      if (trackedRoots.has(root)) {
        diagnostics.push({
          severity: 'error',
          code: 'vendor-not-updated',
          message: `${change.importPath} was removed from vendor.conf but ${vendorRel}/${root} is still staged: run vendorfork sync, then git add -A ${vendorRel}`,
          line: 0,
          column: 0,
        });
      }
      continue;
    }
    if (!changedByRoot.has(root)) {
      diagnostics.push({
        severity: 'error',
        code: 'vendor-not-updated',
        message: `${change.importPath} changed (${change.kind}) but nothing under ${vendorRel}/${root} is staged: run vendorfork sync, then git add -A ${vendorRel}/${root}`,
        line: change.new!.line,
        column: 1,
      });
    }
  }
  const pinned = [...moved.values()].filter(
    (change) => change.kind !== 'removed' && changedByRoot.has(vndrRoot(change.importPath) ?? change.importPath),
  );
  for (const change of pinned) {
    const found = await comparePinnedTree(top, vendorRel, conf.get(change.importPath)!, env, options);
    if (found)
      diagnostics.push({
        ...found,
        severity: found.severity === 'error' && options.allowVendorEdits ? 'warning' : found.severity,
      });
  }
  for (const [root, files] of changedByRoot) {
    if (moved.has(root)) continue;
    const entry = roots.get(root)!;
    const message = `${plural(files.length, 'staged file')} under ${vendorRel}/${root} changed while its entry did not: a hand edit of vendored code (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}); send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`;
    diagnostics.push({
      severity: options.allowVendorEdits ? 'warning' : 'error',
      code: 'vendor-hand-edit',
      message,
      line: entry.line,
      column: 1,
      files,
    });
  }
  for (const orphan of groupOrphans(orphanFiles, roots.keys())) {
    diagnostics.push({
      severity: 'error',
      code: 'vendor-orphan',
      message: orphanMessage(vendorRel, orphan),
      line: 0,
      column: 0,
      files: orphan.files.map((file) => `${vendorRel}/${file}`),
    });
  }
  for (const entry of conf.entries) {
    const root = vndrRoot(entry.importPath) ?? entry.importPath;
    if (!trackedRoots.has(root)) {
      diagnostics.push({
        severity: 'warning',
        code: 'vendor-missing',
        message: `${entry.importPath} has no files under ${vendorRel}/${root}: run vendorfork sync, or remove the entry if it is unused`,
        line: entry.line,
        column: entry.columns.importPath,
      });
    }
  }
  return { conf, diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column) };
}

/**
 * An entry whose pin changed in this commit: its staged files under vendor/<root> against the tree of the
 * commit it now pins, from verify's cache of tree listings (no clone, no network; with --online, fetched
 * as verify would). vndr only ever copies files and deletes them, so a staged file whose blob is not the
 * pinned one, or that the pinned tree does not have, was edited by hand (issue 12: a fork's manager.go
 * trimmed in vendor/ to make it compile). Without the listing, it says what was not checked and how to.
 */
async function comparePinnedTree(
  top: string,
  vendorRel: string,
  entry: Entry,
  env: NodeJS.ProcessEnv,
  options: { online?: boolean },
): Promise<StagedDiagnostic | undefined> {
  const root = vndrRoot(entry.importPath) ?? entry.importPath;
  const where = { line: entry.line, column: entry.columns.ref };
  let sha = FULL_SHA.test(entry.ref) ? entry.ref : undefined;
  const listing = sha ? readTreeListing(env, sha) : undefined;
  let tree = listing === undefined ? undefined : blobsOf(listing);
  let why = sha
    ? `the tree of ${sha.slice(0, 12)} is not in vendorfork's cache`
    : `${entry.ref} is not a full SHA, so its tree is not looked up offline`;
  if (!tree && options.online) {
    const { pinnedTree } = await import('./verify.js');
    const found = await pinnedTree(entry, env);
    if (found.ok) ({ tree, sha } = found);
    else why = found.error;
  }
  if (!tree || !sha)
    return {
      severity: 'warning',
      code: 'vendor-unverified',
      message: `${vendorRel}/${root} was not compared with the commit ${entry.importPath} now pins (${why}): run vendorfork verify ${entry.importPath}, or check --staged --online`,
      ...where,
    };
  const staged = await git(top, ['ls-files', '-s', '-z', '--', `${vendorRel}/${root}`], env);
  const differing: string[] = [];
  for (const record of zList(staged.stdout)) {
    // "<mode> <blob> <stage>\t<path>"
    const tab = record.indexOf('\t');
    const blob = record.slice(0, tab).split(' ')[1];
    const file = pathFromGit(record.slice(tab + 1));
    const inTree = file.slice(vendorRel.length + root.length + 2);
    if (tree.get(inTree) !== blob) differing.push(file);
  }
  if (differing.length === 0) return undefined;
  return {
    severity: 'error',
    code: 'vendor-hand-edit',
    message: `${plural(differing.length, 'staged file')} under ${vendorRel}/${root} ${differing.length === 1 ? 'differs' : 'differ'} from ${entry.importPath} at ${sha.slice(0, 12)}, which vendor.conf now pins: a hand edit of vendored code (${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ', …' : ''}); send the change to the fork and vendorfork set it again, or pass --allow-vendor-edits`,
    ...where,
    files: differing,
  };
}

/**
 * What vendor/ holds in the index that no entry of vendor.conf (as it is in the work tree) accounts for,
 * whitelist aside: for `hook install`, to give the whitelist line before the first commit meets it.
 */
export async function indexOrphans(confFile: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const top = workTreeRoot(path.dirname(confFile));
  if (!top) return [];
  const rel = path.relative(top, confFile).split(path.sep).join('/');
  const vendorRel = path.posix.join(path.posix.dirname(rel), 'vendor');
  const [listed, confText] = await Promise.all([
    git(top, ['ls-files', '-z', '--', vendorRel], env),
    readConfText(confFile),
  ]);
  if (!listed.ok) return [];
  const roots = new Set(parse(confText.text).entries.map((e) => vndrRoot(e.importPath) ?? e.importPath));
  const whitelist = readProjectConfig(confFile).whitelist.map((re) => new RegExp(re));
  const rootOf = rootFinder(roots);
  const orphanFiles = zList(listed.stdout)
    .map((file) => file.slice(vendorRel.length + 1))
    .filter((file) => !rootOf(file) && !whitelist.some((re) => re.test(file)));
  return groupOrphans(orphanFiles, roots).map((orphan) => orphanMessage(vendorRel, orphan));
}

/** The one line for a directory of vendor/ that no entry accounts for, with the line that keeps it. */
export function orphanMessage(vendorRel: string, orphan: Orphan): string {
  const what =
    orphan.files.length === 1 && orphan.files[0] === orphan.path ? '' : ` (${plural(orphan.files.length, 'file')})`;
  return `${vendorRel}/${orphan.path}${what} has no entry in vendor.conf: vndr would delete it; add an entry, remove it, or keep it as vendored by hand with "whitelist": [${JSON.stringify(orphan.whitelist)}] in ${CONFIG_NAME}`;
}

/**
 * Where HEAD's vendor/ listing is kept between commits: in the repository's
 * .git, or nowhere (a .vendorfork folder in the work tree would show in git
 * status). The listing of a tree never changes, so it is kept by tree id and
 * read back while HEAD's vendor/ is that tree.
 */
function headListingCache(projectDir: string): string | undefined {
  const dir = stateDir(projectDir);
  return dir.split(path.sep).includes('.git') ? path.join(dir, 'head-vendor-listing') : undefined;
}

/** The kept listing: a first line with the tree id and the HEAD stamp it was written at, then ls-tree's output. */
interface KeptListing {
  tree: string;
  stamp: string;
  body: string;
}

function readKeptListing(file: string): KeptListing | undefined {
  const text = readCacheFile(file, 'latin1');
  const newline = text?.indexOf('\n') ?? -1;
  if (text === undefined || newline === -1) return undefined;
  const [tree = '', stamp = ''] = text.slice(0, newline).split(' ');
  return { tree, stamp, body: text.slice(newline + 1) };
}

function writeKeptListing(file: string, listing: KeptListing): void {
  writeCacheFile(file, `${listing.tree} ${listing.stamp}\n${listing.body}`, 'latin1');
}

/**
 * The size and mtime of HEAD's reflog, which grows each time HEAD moves: when
 * it is what the kept listing was written at, HEAD has not moved since, and
 * the listing is not asked of git up front. A hint only: the tree id decides
 * whether the kept listing is used. Undefined without a reflog.
 */
function headStamp(top: string): string | undefined {
  try {
    const stat = statSync(path.join(top, '.git', 'logs', 'HEAD'));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The paths of a tree's files, recursively: `git ls-tree -r -z --name-only`. */
function listTree(top: string, tree: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; stdout: string }> {
  return git(top, ['ls-tree', '-r', '-z', '--name-only', tree], env);
}

/**
 * The files under vendor/ in the index, relative to vendor/: HEAD's, kept or
 * listed, with the staged additions and deletions applied. When HEAD has not
 * moved since the kept listing was written, one git process fewer than `git
 * ls-files`; when it has, `ls-tree` ran beside the other two.
 */
async function indexListing(
  top: string,
  vendorRel: string,
  changes: { status: string; path: string }[],
  env: NodeJS.ProcessEnv,
  head: {
    /** HEAD's vendor/ tree id, from cat-file; undefined when HEAD has no vendor/. */
    tree: string | undefined;
    kept: KeptListing | undefined;
    /** ls-tree of HEAD's vendor/, when it was started up front. */
    listing: Promise<{ ok: boolean; stdout: string }> | undefined;
    cacheFile: string | undefined;
    stamp: string | undefined;
  },
): Promise<string[]> {
  let files: string[] = [];
  const { tree, kept, cacheFile } = head;
  const stamp = head.stamp ?? '';
  if (tree && kept?.tree === tree) {
    files = zList(kept.body);
    // HEAD moved, vendor/ did not: the next run can believe the listing without asking git.
    if (cacheFile && kept.stamp !== stamp) writeKeptListing(cacheFile, { ...kept, stamp });
  } else if (tree) {
    let listed = head.listing ? await head.listing : undefined;
    if (!listed?.ok) listed = await listTree(top, tree, env);
    if (!listed.ok) throw new Error(`git ls-tree ${tree} failed in ${top}`);
    files = zList(listed.stdout);
    if (cacheFile) writeKeptListing(cacheFile, { tree, stamp, body: listed.stdout });
  }
  const prefix = vendorRel.length + 1;
  const deleted = new Set(changes.filter((c) => c.status === 'D').map((c) => c.path.slice(prefix)));
  const listing = deleted.size > 0 ? files.filter((file) => !deleted.has(file)) : files;
  // U: unmerged, in the index at some stage, as ls-files would list it.
  for (const change of changes)
    if (change.status === 'A' || change.status === 'U') listing.push(change.path.slice(prefix));
  return listing;
}
