import path from 'node:path';
import { cacheDir } from '../github/cache.js';
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
