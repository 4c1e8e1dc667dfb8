import path from 'node:path';
import { cacheDir } from './cache-dir.js';
import { pathFromGit, zList } from '../git/plumbing.js';
import { readCacheFile, writeCacheFile } from './cache-file.js';

/**
 * `git ls-tree -r -z --full-tree` of a commit never changes, so verify keeps it under the cache directory
 * by commit id, and a warm run (verify's, or check --staged's comparison of a moved entry) needs no git
 * process for it.
 */
export function treeCacheFile(env: NodeJS.ProcessEnv, sha: string): string {
  return path.join(cacheDir(env), 'trees', sha);
}

export function readTreeListing(env: NodeJS.ProcessEnv, sha: string): string | undefined {
  return readCacheFile(treeCacheFile(env, sha), 'latin1');
}

export function writeTreeListing(env: NodeJS.ProcessEnv, sha: string, listing: string): void {
  writeCacheFile(treeCacheFile(env, sha), listing, 'latin1');
}

/** ls-tree's output as path → blob id, for blobs (paths read as UTF-8). */
export function blobsOf(listing: string): Map<string, string> {
  const tree = new Map<string, string>();
  for (const line of zList(listing)) {
    const tab = line.indexOf('\t');
    const [, type, blob] = line.slice(0, tab).split(' ') as [string, string, string];
    if (type === 'blob') tree.set(pathFromGit(line.slice(tab + 1)), blob);
  }
  return tree;
}

/**
 * The .go files of a pinned tree that vndr may drop as build-ignored (`// +build ignore`), one path a line,
 * kept beside the listing by commit id: found once in the cached clone, read by verify and check --staged to
 * tell vndr's own removals from hand deletions. Undefined when never found (a listing from the API).
 */
export function readIgnoredFiles(env: NodeJS.ProcessEnv, sha: string): Set<string> | undefined {
  const text = readCacheFile(`${treeCacheFile(env, sha)}.ignored`, 'utf8');
  return text === undefined ? undefined : new Set(text.split('\n').filter(Boolean));
}

export function writeIgnoredFiles(env: NodeJS.ProcessEnv, sha: string, files: Iterable<string>): void {
  writeCacheFile(`${treeCacheFile(env, sha)}.ignored`, [...files].map((file) => `${file}\n`).join(''), 'utf8');
}

/**
 * The commit a tag or branch pin named when verify last resolved it in the entry's clone, kept by repository
 * and ref so that check --staged can find that commit's listing with no git process. A hint, as a tag can be
 * moved: the listing it leads to is of the commit named, which the check's message gives.
 */
function refCacheFile(env: NodeJS.ProcessEnv, url: string, ref: string): string {
  const key = `${url.replace(/^[a-z]+:\/\//, '').replace(/[^A-Za-z0-9._-]+/g, '_')}@${ref.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  return path.join(cacheDir(env), 'refs', key);
}

export function readResolvedRef(env: NodeJS.ProcessEnv, url: string, ref: string): string | undefined {
  const sha = readCacheFile(refCacheFile(env, url, ref), 'utf8')?.trim();
  return sha && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}

export function writeResolvedRef(env: NodeJS.ProcessEnv, url: string, ref: string, sha: string): void {
  writeCacheFile(refCacheFile(env, url, ref), `${sha}\n`, 'utf8');
}
