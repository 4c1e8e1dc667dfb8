import { statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './core/diagnostics.js';
import type { StagedCode } from '../../manifest/diagnostic.js';
import { pinnedRepository, vndrRoot } from '../../manifest/import-path.js';
import { groupOrphans, type Orphan } from './core/orphans.js';
import { diffConfs } from './core/semantic-diff.js';
import { parse, type VendorConf } from './core/vendor-conf.js';
import { vndrMissing } from './core/vndr-keeps.js';
import { UserError } from '../../errors.js';
import { decode, readConfText } from '../../fs/conf-file.js';
import { CONFIG_NAME, readProjectConfig } from '../../fs/project-config.js';
import { readCacheFile, writeCacheFile } from '../../fs/cache-file.js';
import { stateDir } from '../../fs/state-dir.js';
import { blobsOf, readIgnoredFiles, readResolvedRef, readTreeListing } from '../../fs/tree-cache.js';
import { FULL_SHA } from '../../resolve/fork-spec.js';
import { catFileBatch, git, pathFromGit, workTreeRoot, zList } from '../../git/plumbing.js';
import { rawStatus, rootFinder, type RawChange } from '../../git/staged-paths.js';
import { plural } from '../../text/plural.js';
import type { Entry } from '../../manifest/entry.js';

export interface StagedDiagnostic extends Omit<Diagnostic, 'code'> {
  code: Diagnostic['code'] | StagedCode;
  /** Files under vendor/ the problem is about. */
  files?: string[];
}

/**
 * `check --staged`, for the pre-commit hook: what the next commit would
 * record, read from the index (never the working tree), offline. vendor/ is
 * judged against what vndr would have made of the staged vendor.conf:
 *
 * - the staged vendor.conf is valid;
 * - an entry whose ref or URL changed has staged changes under vendor/<root>,
 *   and those files are the pinned commit's, with none missing from the
 *   package directories vendor/ still holds (vndr keeps them whole);
 * - under an entry that did not change, vndr can only drop whole packages
 *   nothing imports any more, or (a full run) add packages of the same
 *   commit: a changed file, a file deleted from a package that stays, or an
 *   added file the pinned tree does not have is a hand edit
 *   (--allow-vendor-edits lets them through);
 * - every vendor/<root> has an entry, and every entry a directory; files
 *   under no entry that this commit adds or changes are refused, those already
 *   in HEAD and untouched are a warning with the whitelist line.
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
  // vendor/ with their blob ids, and, unless the listing of HEAD's vendor/ kept from an earlier run is likely
  // still HEAD's, that listing.
  const listingCache = headListingCache(path.dirname(confFile));
  const kept = listingCache ? readKeptListing(listingCache) : undefined;
  const stamp = headStamp(top);
  const listing =
    kept && stamp !== undefined && kept.stamp === stamp ? undefined : listTree(top, `HEAD:${vendorRel}`, env);
  const [[stagedObject, headObject, headVendor], changed] = await Promise.all([
    catFileBatch(top, [`:${rel}`, `HEAD:${rel}`, `HEAD:${vendorRel}`], env),
    git(top, ['diff', '--cached', '--raw', '--no-abbrev', '-z', '--no-renames', '--', vendorRel], env),
  ]);
  const staged = stagedObject?.type === 'blob' ? stagedObject.content : undefined;
  const head = headObject?.type === 'blob' ? headObject.content : undefined;
  if (staged === undefined) return { conf: parse(''), diagnostics: [] };
  const stagedChanges = rawStatus(changed.stdout);
  const index = await indexListing(top, vendorRel, stagedChanges, env, {
    tree: headVendor?.type === 'tree' ? headVendor.oid : undefined,
    kept,
    listing,
    cacheFile: listingCache,
    stamp,
  });
  const tracked = index.files;
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

  const changedByRoot = new Map<string, RawChange[]>();
  // Files this commit adds or changes, relative to vendor/: what an orphan directory owes to this commit.
  const added = new Set<string>();
  const touched = new Set<string>();
  for (const change of stagedChanges) {
    const relative = inVendor(change.path);
    if (change.status !== 'D') touched.add(relative);
    if (change.status === 'A' || change.status === 'U') added.add(relative);
    const root = rootOf(relative);
    if (root) changedByRoot.set(root, [...(changedByRoot.get(root) ?? []), change]);
  }
  const trackedRoots = new Set<string>();
  const orphanFiles: string[] = [];
  for (const relative of tracked) {
    if (whitelist.some((re) => re.test(relative))) continue;
    const root = rootOf(relative);
    if (root) trackedRoots.add(root);
    else orphanFiles.push(relative);
  }
  // The staged files under one root, relative to it, as UTF-8 (the pinned listings' form), each with its blob.
  const stagedUnder = (root: string): Map<string, string> => {
    const prefix = root + '/';
    const changes = new Map((changedByRoot.get(root) ?? []).map((change) => [inVendor(change.path), change]));
    const headBlobs = index.headBlobsUnder(prefix);
    const files = new Map<string, string>();
    for (const relative of tracked) {
      if (!relative.startsWith(prefix) || rootOf(relative) !== root) continue;
      const blob = changes.get(relative)?.newBlob ?? headBlobs.get(relative) ?? '';
      files.set(pathFromGit(relative.slice(prefix.length)), blob);
    }
    return files;
  };
  // The directories of HEAD's vendor/ (relative to it), for an entry that did not move but gained files.
  let headDirs: Set<string> | undefined;
  const headDirectories = () => {
    headDirs ??= new Set(index.headFiles.map((file) => file.slice(0, file.lastIndexOf('/'))));
    return headDirs;
  };
  const demoted = (found: StagedDiagnostic): StagedDiagnostic => ({
    ...found,
    severity: found.severity === 'error' && options.allowVendorEdits ? 'warning' : found.severity,
  });

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
      // vndr may well change nothing (a new pin whose vendored files are the old ones): with the new pin's
      // tree at hand, that is checked rather than assumed either way.
      const vendored = trackedRoots.has(root);
      const verdict = vendored
        ? await sameAsPin(conf.get(change.importPath)!, stagedUnder(root), env, options)
        : undefined;
      if (verdict?.same) continue;
      // A new entry nothing imports, in a commit where vndr evidently ran (other vendor/ changes are staged):
      // vndr vendors nothing for it ("package X is unused"), and vendor-missing, below, says so.
      if (change.kind === 'added' && !vendored && stagedChanges.length > 0) continue;
      // A moved entry whose vendored files vndr left as they were, in a commit where vndr evidently ran:
      // real moby commits do this (27cc170d28 moved containerd/cri, whose vendored files the new pin did not
      // change). Without the new pin's tree that cannot be told from a forgotten vndr run, so it is said,
      // not refused; with the tree (cached, or --online), a difference is refused above.
      if (verdict && verdict.why !== undefined && stagedChanges.length > 0) {
        diagnostics.push({
          severity: 'warning',
          code: 'vendor-unverified',
          message: `${change.importPath} changed (${change.kind}) and nothing under ${vendorRel}/${root} is staged, which is right only if vndr changes nothing there; it was not compared with the new pin (${verdict.why}): run vendorfork verify ${change.importPath}, or check --staged --online`,
          line: change.new!.line,
          column: 1,
        });
        continue;
      }
      diagnostics.push({
        severity: 'error',
        code: 'vendor-not-updated',
        message: `${change.importPath} changed (${change.kind}) but nothing under ${vendorRel}/${root} is staged: run vendorfork sync, then git add -A ${vendorRel}/${root}${vendored ? ` (if vndr changes nothing there, vendorfork verify ${change.importPath} or --online compares it with the new pin)` : ''}`,
        line: change.new!.line,
        column: 1,
      });
    }
  }
  const pinned = [...moved.values()].filter(
    (change) => change.kind !== 'removed' && changedByRoot.has(vndrRoot(change.importPath) ?? change.importPath),
  );
  for (const change of pinned) {
    const entry = conf.get(change.importPath)!;
    const root = vndrRoot(entry.importPath) ?? entry.importPath;
    const deletedBlobs = new Map(
      changedByRoot
        .get(root)!
        .filter((c) => c.status === 'D')
        .map((c) => [pathFromGit(inVendor(c.path).slice(root.length + 1)), c.oldBlob]),
    );
    const found = await comparePinnedTree(vendorRel, entry, stagedUnder(root), deletedBlobs, env, options);
    for (const diagnostic of found) diagnostics.push(demoted(diagnostic));
  }
  for (const [root, changes] of changedByRoot) {
    if (moved.has(root)) continue;
    const entry = roots.get(root)!;
    const judged = await judgeUnmoved(
      vendorRel,
      root,
      { ...entry, pin: conf.get(entry.importPath) },
      changes,
      () => stagedUnder(root),
      headDirectories,
      env,
      options,
    );
    for (const diagnostic of judged) diagnostics.push(demoted(diagnostic));
  }
  for (const orphan of groupOrphans(orphanFiles, roots.keys())) {
    const files = orphan.files.map((file) => `${vendorRel}/${file}`);
    const changedHere = orphan.files.filter((file) => touched.has(file)).length;
    if (orphan.files.every((file) => added.has(file))) {
      diagnostics.push({
        severity: 'error',
        code: 'vendor-orphan',
        message: orphanMessage(vendorRel, orphan),
        line: 0,
        column: 0,
        files,
      });
      continue;
    }
    // Already in HEAD (moby's archive/tar, vendored by hand and kept with vndr -whitelist, and maintained by
    // hand): not this commit's doing, so not a reason to refuse it; the warning gives the line that silences it.
    const since =
      changedHere === 0 ? 'untouched by this commit' : `this commit changes ${plural(changedHere, 'file')} of it`;
    diagnostics.push({
      severity: 'warning',
      code: 'vendor-orphan',
      message: `${orphanMessage(vendorRel, orphan)} (already in HEAD; ${since})`,
      line: 0,
      column: 0,
      files,
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

/** Whether vendor/<root> is exactly what vndr makes of the pin: every file the pin's, none it keeps missing. */
async function sameAsPin(
  entry: Entry,
  staged: Map<string, string>,
  env: NodeJS.ProcessEnv,
  options: { online?: boolean },
): Promise<{ same: boolean; why?: string }> {
  const pinned = await cachedPinnedTree(entry, env, options);
  if (!pinned.ok) return { same: false, why: pinned.why };
  for (const [file, blob] of staged) if (pinned.tree.get(file) !== blob) return { same: false };
  const { missing, undecided } = vndrMissing(pinned.tree.keys(), staged.keys(), {
    ...(pinned.ignored ? { ignored: pinned.ignored } : {}),
  });
  return { same: missing.length + undecided.length === 0 };
}

/** The first few of a list of files, for one line. */
const some = (files: string[]) => `${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`;

/**
 * The pinned commit's tree for an entry, from verify's cache of tree listings (no clone, no network; with
 * --online, fetched as verify would), with the .go files vndr may drop as build-ignored when known; or why not.
 */
async function cachedPinnedTree(
  entry: Entry,
  env: NodeJS.ProcessEnv,
  options: { online?: boolean },
): Promise<
  { ok: true; sha: string; tree: Map<string, string>; ignored: Set<string> | undefined } | { ok: false; why: string }
> {
  // A tag or branch: the commit verify last resolved it to in the entry's clone, if it did.
  const url = pinnedRepository(entry);
  const sha = FULL_SHA.test(entry.ref) ? entry.ref : url ? readResolvedRef(env, url, entry.ref) : undefined;
  const listing = sha ? readTreeListing(env, sha) : undefined;
  if (sha && listing !== undefined)
    return { ok: true, sha, tree: blobsOf(listing), ignored: readIgnoredFiles(env, sha) };
  let why = sha
    ? `the tree of ${sha.slice(0, 12)} is not in vendorfork's cache`
    : `${entry.ref} is not a full SHA, and vendorfork's cache does not know its commit`;
  if (options.online) {
    const { pinnedTree } = await import('./verify.js');
    const found = await pinnedTree(entry, env);
    if (found.ok) return { ok: true, sha: found.sha, tree: found.tree, ignored: found.ignored };
    why = found.error;
  }
  return { ok: false, why };
}

/**
 * An entry whose pin changed in this commit: its staged files under vendor/<root> against the tree of the
 * commit it now pins. vndr copies that tree and then only deletes, so a staged file whose blob is not the
 * pinned one, or that the pinned tree does not have, was edited by hand (issue 12: a fork's manager.go
 * trimmed in vendor/ to make it compile); and since vndr keeps a package's directory whole, a file it would
 * keep that is missing from a directory vendor/ still holds was deleted by hand. Whole directories gone are
 * vndr's pruning of packages nothing imports. Without the listing, it says what was not checked and how to.
 */
async function comparePinnedTree(
  vendorRel: string,
  entry: Entry,
  staged: Map<string, string>,
  deletedBlobs: Map<string, string>,
  env: NodeJS.ProcessEnv,
  options: { online?: boolean },
): Promise<StagedDiagnostic[]> {
  const root = vndrRoot(entry.importPath) ?? entry.importPath;
  const where = { line: entry.line, column: entry.columns.ref };
  const pinned = await cachedPinnedTree(entry, env, options);
  if (!pinned.ok)
    return [
      {
        severity: 'warning',
        code: 'vendor-unverified',
        message: `${vendorRel}/${root} was not compared with the commit ${entry.importPath} now pins (${pinned.why}): run vendorfork verify ${entry.importPath}, or check --staged --online`,
        ...where,
      },
    ];
  const { sha, tree, ignored } = pinned;
  const at = `${entry.importPath} at ${sha.slice(0, 12)}`;
  const found: StagedDiagnostic[] = [];
  const differing: string[] = [];
  for (const [file, blob] of staged) if (tree.get(file) !== blob) differing.push(`${vendorRel}/${root}/${file}`);
  if (differing.length > 0)
    found.push({
      severity: 'error',
      code: 'vendor-hand-edit',
      message: `${plural(differing.length, 'staged file')} under ${vendorRel}/${root} ${differing.length === 1 ? 'differs' : 'differ'} from ${at}, which vendor.conf now pins: a hand edit of vendored code (${some(differing)}); send the change to the fork and vendorfork set it again, or pass --allow-vendor-edits`,
      ...where,
      files: differing,
    });
  const { missing, undecided } = vndrMissing(tree.keys(), staged.keys(), {
    ...(ignored ? { ignored } : {}),
    // Deleted from HEAD with the pinned bytes: vndr kept exactly this file before, so it does not ignore it.
    keptBefore: (file) => deletedBlobs.get(file) === tree.get(file),
  });
  if (missing.length > 0) found.push(handDeletion(vendorRel, root, at, missing, where));
  if (undecided.length > 0) {
    const files = undecided.map((file) => `${vendorRel}/${root}/${file}`);
    found.push({
      severity: 'warning',
      code: 'vendor-unverified',
      message: `${plural(files.length, 'file')} of ${at} ${files.length === 1 ? 'is' : 'are'} not in ${vendorRel}/${root}, and vendorfork's cache cannot tell whether vndr drops ${files.length === 1 ? 'it' : 'them'} as build-ignored (${some(files)}): run vendorfork verify ${entry.importPath}, or check --staged --online`,
      ...where,
      files,
    });
  }
  return found;
}

/** Files vndr would have kept, missing from a package directory it kept: the one line that says so. */
function handDeletion(
  vendorRel: string,
  root: string,
  at: string,
  missing: string[],
  where: { line: number; column: number },
): StagedDiagnostic {
  const files = missing.map((file) => `${vendorRel}/${root}/${file}`);
  return {
    severity: 'error',
    code: 'vendor-hand-deletion',
    message: `${plural(files.length, 'file')} of ${at} ${files.length === 1 ? 'is' : 'are'} missing from ${vendorRel}/${root}, though vndr keeps the directories of the packages it vendors whole: a hand deletion (${some(files)}); restore ${files.length === 1 ? 'it' : 'them'} (git checkout, or vendorfork sync) and git add ${files.length === 1 ? 'it' : 'them'}, or pass --allow-vendor-edits`,
    ...where,
    files,
  };
}

/**
 * Staged changes under an entry whose line did not change. vndr's cleaning runs over all of vendor/, so it
 * may delete the packages of such an entry that nothing imports any more (whole directories), and a full
 * run re-adds files of the same commit for packages newly imported; it never changes a file, nor deletes
 * one from a package it keeps. Added files are compared with the pinned tree when it is at hand; without it
 * they are a hand edit as before, with the way to compare.
 */
async function judgeUnmoved(
  vendorRel: string,
  root: string,
  entry: { importPath: string; line: number; pin: Entry | undefined },
  changes: RawChange[],
  stagedUnder: () => Map<string, string>,
  headDirectories: () => Set<string>,
  env: NodeJS.ProcessEnv,
  options: { allowVendorEdits?: boolean; online?: boolean },
): Promise<StagedDiagnostic[]> {
  const where = { line: entry.line, column: 1 };
  const found: StagedDiagnostic[] = [];
  const prefix = vendorRel.length + root.length + 2;
  const deleted = changes.filter((c) => c.status === 'D');
  const edited = changes.filter((c) => c.status !== 'D');
  if (deleted.length > 0) {
    const staged = stagedUnder();
    // The same commit's files, which vndr kept before: each one it would keep still is a hand deletion.
    const { missing } = vndrMissing(
      deleted.map((c) => pathFromGit(c.path.slice(prefix))),
      staged.keys(),
      { keptBefore: () => true },
    );
    if (missing.length > 0) {
      const files = missing.map((file) => `${vendorRel}/${root}/${file}`);
      found.push({
        severity: 'error',
        code: 'vendor-hand-deletion',
        message: `${plural(files.length, 'staged deletion')} under ${vendorRel}/${root}, whose entry did not change, ${files.length === 1 ? 'leaves' : 'leave'} a package vndr keeps whole without ${files.length === 1 ? 'a file' : 'files'} (${some(files)}): a hand deletion; restore ${files.length === 1 ? 'it' : 'them'} (git checkout HEAD -- FILE), or pass --allow-vendor-edits`,
        ...where,
        files,
      });
    }
  }
  if (edited.length === 0) return found;
  // An added file can come from a full vndr run, at the same commit; a changed one never does.
  const added = edited.filter((c) => c.status === 'A');
  const fromPin = new Set<string>();
  const pinned = added.length > 0 && entry.pin ? await cachedPinnedTree(entry.pin, env, options) : undefined;
  if (pinned?.ok)
    for (const change of added)
      if (pinned.tree.get(pathFromGit(change.path.slice(prefix))) === change.newBlob) fromPin.add(change.path);
  // Without the pinned tree: vndr keeps directories whole, so it never adds a file to a package directory
  // HEAD already held; files of a directory HEAD did not have are what a full run vendors for a package newly
  // imported, said and not refused.
  const newPackages =
    pinned && !pinned.ok
      ? added.filter((c) => !headDirectories().has(c.path.slice(vendorRel.length + 1, c.path.lastIndexOf('/'))))
      : [];
  if (newPackages.length > 0) {
    const files = newPackages.map((c) => c.path);
    for (const file of files) fromPin.add(file);
    found.push({
      severity: 'warning',
      code: 'vendor-unverified',
      message: `${plural(files.length, 'file')} added under ${vendorRel}/${root}, whose entry did not change, in package directories HEAD did not have (as a full vndr run vendors a package newly imported) ${files.length === 1 ? 'was' : 'were'} not compared with the commit it pins (${pinned && !pinned.ok ? pinned.why : ''}): run vendorfork verify ${entry.importPath}, or check --staged --online (${some(files)})`,
      ...where,
      files,
    });
  }
  const handEdited = edited.map((c) => c.path).filter((file) => !fromPin.has(file));
  if (handEdited.length > 0)
    found.push({
      severity: 'error',
      code: 'vendor-hand-edit',
      message: `${plural(handEdited.length, 'staged file')} under ${vendorRel}/${root} changed while its entry did not: a hand edit of vendored code (${some(handEdited)}); send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
      ...where,
      files: handEdited,
    });
  return found;
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
  return dir.split(path.sep).includes('.git') ? path.join(dir, 'head-vendor-tree') : undefined;
}

/**
 * The kept listing: a first line with the tree id, the HEAD stamp it was written at and the word `blobs`,
 * then ls-tree's output with blob ids (earlier versions kept names only, in head-vendor-listing).
 */
interface KeptListing {
  tree: string;
  stamp: string;
  body: string;
}

function readKeptListing(file: string): KeptListing | undefined {
  const text = readCacheFile(file, 'latin1');
  const newline = text?.indexOf('\n') ?? -1;
  if (text === undefined || newline === -1) return undefined;
  const [tree = '', stamp = '', form] = text.slice(0, newline).split(' ');
  return form === 'blobs' ? { tree, stamp, body: text.slice(newline + 1) } : undefined;
}

function writeKeptListing(file: string, listing: KeptListing): void {
  writeCacheFile(file, `${listing.tree} ${listing.stamp} blobs\n${listing.body}`, 'latin1');
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

/** A tree's files, recursively, each `<mode> <type> <object>\t<path>`: `git ls-tree -r -z`. */
function listTree(top: string, tree: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; stdout: string }> {
  return git(top, ['ls-tree', '-r', '-z', tree], env);
}

/**
 * The files under vendor/ in the index, relative to vendor/: HEAD's, kept or
 * listed, with the staged additions and deletions applied, and HEAD's blob
 * ids, for the files of the entries judged. When HEAD has not moved since the
 * kept listing was written, one git process fewer than `git ls-files`; when
 * it has, `ls-tree` ran beside the other two.
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
): Promise<{ files: string[]; headFiles: string[]; headBlobsUnder: (prefix: string) => Map<string, string> }> {
  let records: string[] = [];
  const { tree, kept, cacheFile } = head;
  const stamp = head.stamp ?? '';
  if (tree && kept?.tree === tree) {
    records = zList(kept.body);
    // HEAD moved, vendor/ did not: the next run can believe the listing without asking git.
    if (cacheFile && kept.stamp !== stamp) writeKeptListing(cacheFile, { ...kept, stamp });
  } else if (tree) {
    let listed = head.listing ? await head.listing : undefined;
    if (!listed?.ok) listed = await listTree(top, tree, env);
    if (!listed.ok) throw new Error(`git ls-tree ${tree} failed in ${top}`);
    records = zList(listed.stdout);
    if (cacheFile) writeKeptListing(cacheFile, { tree, stamp, body: listed.stdout });
  }
  // "<mode> <type> <object>\t<path>"
  const files = records.map((record) => record.slice(record.indexOf('\t') + 1));
  // Only the entries judged need their blobs: a scan of the names, not a map of all of vendor/.
  const headBlobsUnder = (under: string) => {
    const blobs = new Map<string, string>();
    for (let i = 0; i < files.length; i++)
      if (files[i]!.startsWith(under)) {
        const record = records[i]!;
        blobs.set(files[i]!, record.slice(record.indexOf(' ', 7) + 1, record.indexOf('\t')));
      }
    return blobs;
  };
  const prefix = vendorRel.length + 1;
  const deleted = new Set(changes.filter((c) => c.status === 'D').map((c) => c.path.slice(prefix)));
  const grows = changes.some((c) => c.status === 'A' || c.status === 'U');
  const listing = deleted.size > 0 ? files.filter((file) => !deleted.has(file)) : grows ? [...files] : files;
  // U: unmerged, in the index at some stage, as ls-files would list it.
  for (const change of changes)
    if (change.status === 'A' || change.status === 'U') listing.push(change.path.slice(prefix));
  return { files: listing, headFiles: files, headBlobsUnder };
}
