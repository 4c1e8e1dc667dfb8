import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { cachedModuleDir, downloadFile, escapeModulePath } from './module-cache.js';
import { parseSemver } from '../manifest/pseudo-version.js';

/** What `go mod download -json` says of one module version. */
export interface DownloadedModule {
  path: string;
  /** The version go gives the query: a tag's, or the pseudo-version it computes for a commit. */
  version: string;
  /** The go.sum hashes: of the module's zip, and of its go.mod. */
  sum: string;
  goModSum: string;
  /** The module's files in the module cache. */
  dir: string;
  /** The commit, when go says where the version came from (its Origin). */
  commit?: string;
}

/**
 * `go mod download -json PATH@QUERY` answered from the module cache alone, when go already downloaded that
 * version: its record in cache/download/PATH/@v/ (VERSION.info, .mod, .zip and .ziphash, which go writes
 * only after it has verified the zip) gives the version, the zip's hash and the go.mod's. A query is a
 * version (v1.2.3, a pseudo-version), or a full commit hash, found by the version's commit (a
 * pseudo-version ends with its first 12 digits, a tag's .info names it in Origin.Hash). Anything else
 * (a branch, a short hash, a version not downloaded) is left to go: undefined.
 */
export async function cachedDownload(
  env: NodeJS.ProcessEnv,
  modulePath: string,
  query: string,
): Promise<DownloadedModule | undefined> {
  const version = isVersion(query)
    ? query
    : /^[0-9a-f]{40}$/.test(query)
      ? await versionOfCommit(env, modulePath, query)
      : undefined;
  if (!version) return undefined;
  const file = (ext: string) => downloadFile(env, modulePath, `${escapeModulePath(version)}.${ext}`);
  if (!existsSync(file('info')) || !existsSync(file('zip'))) return undefined;
  try {
    const [goMod, zipHash] = await Promise.all([readFile(file('mod')), readFile(file('ziphash'), 'utf8')]);
    const sum = zipHash.trim();
    if (!sum.startsWith('h1:')) return undefined;
    return {
      path: modulePath,
      version,
      sum,
      goModSum: goModHash(goMod),
      dir: cachedModuleDir(env, modulePath, version) ?? '',
    };
  } catch {
    return undefined;
  }
}

/** A canonical version go would answer as is: semver, +incompatible allowed. */
function isVersion(query: string): boolean {
  return parseSemver(query.replace(/\+incompatible$/, '')) !== undefined;
}

/**
 * The version the cache holds for a commit: a tag's (its .info's Origin.Hash is the commit) before a
 * pseudo-version's, as go prefers a tag; undefined when none, or when two tags name the commit.
 */
async function versionOfCommit(env: NodeJS.ProcessEnv, modulePath: string, sha: string): Promise<string | undefined> {
  const dir = downloadFile(env, modulePath, '');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.info'));
  } catch {
    return undefined;
  }
  const tags: string[] = [];
  const pseudo: string[] = [];
  for (const name of names) {
    let info: { Version?: string; Origin?: { Hash?: string } };
    try {
      info = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as typeof info;
    } catch {
      continue;
    }
    if (!info.Version) continue;
    const isPseudo = /-(?:0\.)?\d{14}-[0-9a-f]{12}(?:\+incompatible)?$|\.0\.\d{14}-[0-9a-f]{12}/.test(info.Version);
    if (isPseudo && info.Version.replace(/\+incompatible$/, '').endsWith(`-${sha.slice(0, 12)}`))
      pseudo.push(info.Version);
    else if (!isPseudo && info.Origin?.Hash === sha) tags.push(info.Version);
  }
  if (tags.length > 0) return tags.length === 1 ? tags[0] : undefined;
  return pseudo.length === 1 ? pseudo[0] : undefined;
}

/** go.sum's hash of a go.mod alone: dirhash.Hash1 over the one file `go.mod`. */
function goModHash(goMod: Buffer): string {
  const summary = `${createHash('sha256').update(goMod).digest('hex')}  go.mod\n`;
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}
