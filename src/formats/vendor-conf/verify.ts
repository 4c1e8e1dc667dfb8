import { existsSync, lstatSync, promises as fs, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pinnedRepository, vndrRoot } from '../../manifest/import-path.js';
import { parse } from './core/vendor-conf.js';
import { vndrMissing } from './core/vndr-keeps.js';
import { UserError } from '../../errors.js';
import {
  blobsOf,
  readIgnoredFiles,
  readTreeListing,
  writeIgnoredFiles,
  writeResolvedRef,
  writeTreeListing,
} from '../../fs/tree-cache.js';
import { readConfText } from '../../fs/conf-file.js';
import { readProjectConfig } from '../../fs/project-config.js';
import { cacheDir } from '../../fs/cache-dir.js';
import { describeGitFailure, git, pathFromGit, zList } from '../../git/plumbing.js';
import { FULL_SHA } from '../../resolve/fork-spec.js';
import { resolveDependencyName } from '../../resolve/short-names.js';
import { displayPath } from '../../fs/display-path.js';
import { refuseBrokenFile } from '../common/edit-result.js';
import { verifyEach, verifyResult } from '../common/verify-result.js';
import { blobId } from '../../git/blob-id.js';
import type { Entry } from '../../manifest/entry.js';
import type { UncheckedReason, VerifiedEntry, VerifyOptions, VerifyResult } from '../../manifest/verify.js';

/**
 * `vendorfork verify`: every file under vendor/<root> is byte-identical to
 * the file at the same path in the pinned repository at the pinned ref, and
 * nothing was added (vndr only deletes). Compares git blob ids: those of the
 * vendored files, computed here, against ls-tree of the pinned commit, in bare
 * clones cached under the user's cache directory, without a checkout.
 */
export async function verifyVendorConf(file: string, options: VerifyOptions): Promise<VerifyResult> {
  const conf = parse((await readConfText(file)).text);
  const shown = displayPath(options.cwd, file);
  refuseBrokenFile(conf.diagnostics, shown);
  let entries = conf.entries;
  const only = options.only ?? [];
  if (only.length > 0) {
    // The names set and reset take: an import path, a short name (the table's or .vendorfork.json's), or
    // the last element of exactly one entry.
    const { shortNames } = readProjectConfig(file);
    const wanted = new Set(only.map((name) => resolveDependencyName(name, conf.entries, shortNames)));
    const missing = [...wanted].filter((importPath) => !conf.get(importPath));
    if (missing.length > 0) throw new UserError(`${missing.join(', ')}: not in ${shown}`);
    entries = entries.filter((entry) => wanted.has(entry.importPath));
  }
  const projectDir = path.dirname(file);
  const indexed = await indexedBlobIds(projectDir, options.env);
  const results = await verifyEach(
    entries,
    options.concurrency ?? 8,
    (entry) => verifyEntry(entry, projectDir, indexed, options),
    options.onEntry,
  );
  return verifyResult(file, shown, results);
}

/** The pinned commit's tree, from the cached clone (made or fetched as needed) and the cached listing. */
export type PinnedTree =
  | {
      ok: true;
      url: string;
      sha: string;
      tree: Map<string, string>;
      /** The tree's .go files vndr may drop as build-ignored (see readIgnoredFiles); undefined if not found. */
      ignored: Set<string> | undefined;
      /** Whether the clone had to be made or fetched. */
      fetched: boolean;
      /** Reads one pinned blob, fetching once more if the clone lost it since the listing was kept. */
      blob(id: string): Promise<string | undefined>;
    }
  | { ok: false; url?: string; sha?: string; reason: UncheckedReason; error: string; fetched: boolean };

/**
 * The tree an entry pins: its repository cloned bare into the cache (once), fetched when the ref is not
 * there, and `ls-tree` of the commit kept by commit id. verify compares the working tree with it;
 * check --staged --online, the index.
 */
export async function pinnedTree(entry: Entry, env: NodeJS.ProcessEnv): Promise<PinnedTree> {
  let fetched = false;
  const url = pinnedRepository(entry);
  if (!url)
    return {
      ok: false,
      reason: 'unknown-repository',
      error: `cannot tell the repository of ${entry.importPath} from the table of hosts: add its URL as the third field`,
      fetched,
    };
  const mirror = path.join(
    cacheDir(env),
    'repos',
    url.replace(/^[a-z]+:\/\//, '').replace(/[^A-Za-z0-9._-]+/g, '_') + '.git',
  );
  const resolve = async () => {
    const found = await git(
      mirror,
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `${entry.ref}^{commit}`],
      env,
    );
    return found.ok ? found.stdout.trim() : undefined;
  };
  const fullSha = FULL_SHA.test(entry.ref);
  // Brings the mirror up to date: every branch and tag, and a pinned SHA that no branch holds any more.
  let refreshed = false;
  const fetch = async () => {
    fetched = refreshed = true;
    await git(mirror, ['fetch', '--quiet', '--tags', '--', url, '+refs/heads/*:refs/heads/*'], env);
    if (fullSha) await git(mirror, ['fetch', '--quiet', '--', url, entry.ref], env);
  };
  if (!existsSync(mirror)) {
    fetched = true;
    await fs.mkdir(path.dirname(mirror), { recursive: true });
    const cloned = await git(path.dirname(mirror), ['clone', '--bare', '--quiet', '--', url, mirror], env);
    if (!cloned.ok) {
      await fs.rm(mirror, { recursive: true, force: true });
      return { ok: false, url, ...describeGitFailure('clone', url, cloned.stderr), fetched };
    }
  }
  // A full SHA needs no rev-parse (ls-tree below fails when the mirror lacks it): one process per entry less.
  let sha = fullSha ? entry.ref : await resolve();
  if (!sha) {
    await fetch();
    sha = await resolve();
    if (!sha) return { ok: false, url, ...(await missingRef(mirror, url, entry.ref, env)), fetched };
  }
  if (!fullSha) writeResolvedRef(env, url, entry.ref, sha);
  let listing = readTreeListing(env, sha);
  if (listing === undefined) {
    let listed = await git(mirror, ['ls-tree', '-r', '-z', '--full-tree', sha], env);
    if (!listed.ok && !refreshed) {
      await fetch();
      listed = await git(mirror, ['ls-tree', '-r', '-z', '--full-tree', sha], env);
    }
    if (!listed.ok) return { ok: false, url, sha, ...(await missingRef(mirror, url, entry.ref, env)), fetched };
    listing = listed.stdout;
    writeTreeListing(env, sha, listing);
  }
  let ignored = readIgnoredFiles(env, sha);
  if (!ignored) {
    ignored = await buildIgnoredFiles(mirror, sha, env);
    if (ignored) writeIgnoredFiles(env, sha, ignored);
  }
  const blob = async (id: string) => {
    let pinned = await git(mirror, ['cat-file', 'blob', id], env);
    // The listing came from the cache: the clone may have lost the objects since (a force-push, then gc).
    if (!pinned.ok && !refreshed) {
      await fetch();
      pinned = await git(mirror, ['cat-file', 'blob', id], env);
    }
    return pinned.ok ? pinned.stdout : undefined;
  };
  return { ok: true, url, sha, tree: blobsOf(listing), ignored, fetched, blob };
}

/**
 * The .go files of a commit that vndr's build context may ignore: a `// +build` (or `//go:build`) line that
 * names the tag ignore, or `package documentation`. One git grep over the tree; a broader net than go/build's
 * header rule, on purpose: a file caught here that vndr keeps is only a deletion not reported.
 */
async function buildIgnoredFiles(
  mirror: string,
  sha: string,
  env: NodeJS.ProcessEnv,
): Promise<Set<string> | undefined> {
  const found = await git(
    mirror,
    [
      'grep',
      '-l',
      '-z',
      '-I',
      '-E',
      '-e',
      '^[[:space:]]*//[[:space:]]*(\\+build|go:build).*ignore',
      '-e',
      '^package documentation',
      sha,
      '--',
      '*.go',
    ],
    env,
  );
  // git grep exits 1, saying nothing, when nothing matches.
  if (!found.ok && found.stderr.trim() !== '') return undefined;
  return new Set(zList(found.stdout).map((line) => pathFromGit(line.slice(sha.length + 1))));
}

async function verifyEntry(
  entry: Entry,
  projectDir: string,
  indexed: Map<string, string>,
  options: VerifyOptions,
): Promise<VerifiedEntry> {
  const base: VerifiedEntry = {
    importPath: entry.importPath,
    ref: entry.ref,
    status: 'unchecked',
    modified: [],
    added: [],
    missing: [],
    fetched: false,
  };
  const pinned = await pinnedTree(entry, options.env);
  base.fetched = pinned.fetched;
  if (pinned.url) base.repository = pinned.url;
  if (!pinned.ok) return { ...base, reason: pinned.reason, error: pinned.error };
  const { url, sha, tree } = pinned;
  base.sha = sha;

  const root = path.join(projectDir, 'vendor', vndrRoot(entry.importPath) ?? entry.importPath);
  const files = listFiles(root);
  const shownRoot = path.relative(projectDir, root).split(path.sep).join('/');
  // Listed and pinned, but nothing vendored: deleted by hand, or unused (vndr warns, and the entry should go).
  if (files.length === 0) return { ...base, status: 'modified', missing: [shownRoot] };
  const { missing } = vndrMissing(tree.keys(), files, pinned.ignored ? { ignored: pinned.ignored } : {});
  base.missing = missing.map((relative) => `${shownRoot}/${relative}`);
  for (const relative of files) {
    const expected = tree.get(relative);
    const shownPath = `${shownRoot}/${relative}`;
    if (expected === undefined) base.added.push(shownPath);
    else if (expected !== (indexed.get(shownPath) ?? fileBlobId(path.join(root, relative))))
      base.modified.push(shownPath);
  }
  if (options.patch && base.modified.length > 0) {
    const { createTwoFilesPatch } = await import('diff');
    base.patches = {};
    for (const shownPath of base.modified) {
      const relative = shownPath.slice(shownRoot.length + 1);
      const blob = tree.get(relative)!;
      const text = await pinned.blob(blob);
      if (text === undefined) {
        base.patches[shownPath] = `${url} no longer has ${blob} (${relative} at ${sha.slice(0, 12)}): no diff\n`;
        continue;
      }
      const vendored = await fs.readFile(path.join(projectDir, shownPath), 'latin1');
      base.patches[shownPath] = createTwoFilesPatch(
        `${entry.importPath}@${sha.slice(0, 12)}/${relative}`,
        shownPath,
        text,
        vendored,
      );
    }
  }
  base.status = base.modified.length + base.added.length + base.missing.length === 0 ? 'ok' : 'modified';
  return base;
}

/**
 * A ref the cached clone does not have, after a fetch: the pin names nothing there, unless the fetch itself
 * failed, in which case the network is the reason and the pin may be fine.
 */
async function missingRef(
  mirror: string,
  url: string,
  ref: string,
  env: NodeJS.ProcessEnv,
): Promise<{ reason: UncheckedReason; error: string }> {
  const reachable = await git(mirror, ['ls-remote', '--heads', '--', url, 'HEAD'], env);
  if (!reachable.ok) return describeGitFailure('clone', url, reachable.stderr);
  return { reason: 'no-ref', error: `${url} has no commit, tag or branch ${ref}` };
}

// Sync on purpose: thousands of small reads cost less than as many promises (measured: 187 ms against 430 ms for 5,000 files).
function listFiles(dir: string): string[] {
  try {
    const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
    // parentPath starts with `dir` exactly as given; slicing is cheaper than path.relative for each file.
    return entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => {
        const parent = e.parentPath.slice(dir.length + 1);
        return (parent ? `${parent}/${e.name}` : e.name).split(path.sep).join('/');
      })
      .sort();
  } catch {
    return [];
  }
}

/** A file's git blob id; a symlink's blob is its target, as git stores it. */
function fileBlobId(file: string): string {
  return blobId(lstatSync(file).isSymbolicLink() ? Buffer.from(readlinkSync(file)) : readFileSync(file));
}

/**
 * The blob ids git already knows for vendor/, path (relative to the project)
 * to id: the index's, for every file git sees as unchanged since it was
 * staged. `git diff-files` compares stat data (size, mtime, ctime, inode)
 * and, for entries written in the same second as the index, the contents, so
 * a file whose bytes changed is listed there and hashed here instead. So are
 * files flagged assume-unchanged or skip-worktree (git stops looking at
 * those), untracked files, and every file outside a git work tree.
 */
async function indexedBlobIds(projectDir: string, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const [staged, changed] = await Promise.all([
    git(projectDir, ['ls-files', '-z', '--stage', '-v', '--', 'vendor'], env),
    git(projectDir, ['diff-files', '--name-only', '-z', '--relative', '--', 'vendor'], env),
  ]);
  if (!staged.ok || !changed.ok) return ids;
  const dirty = new Set(zList(changed.stdout).map(pathFromGit));
  for (const record of zList(staged.stdout)) {
    // "H 100644 <id> 0\t<path>": H is a cached entry git watches; stage 0 is not a conflict.
    const match = /^H \d{6} ([0-9a-f]{40,64}) 0\t(.*)$/s.exec(record);
    if (!match) continue;
    const file = pathFromGit(match[2]!);
    if (!dirty.has(file)) ids.set(file, match[1]!);
  }
  return ids;
}
