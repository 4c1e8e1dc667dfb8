import { cacheDir } from '../fs/cache-dir.js';
import { readCacheFile, writeCacheFile } from '../fs/cache-file.js';
import path from 'node:path';

/**
 * Answers that cannot change, kept between runs, plus ETags for conditional
 * requests. A full SHA that existed in a repository's network still does;
 * a repository's network root does not move. `--offline` works from these
 * and vendor.conf alone.
 */
export interface CacheData {
  version: 1;
  /** `host/owner/repo@sha` → true: the commit exists in that repository's network. */
  commits: Record<string, true>;
  /** `host/owner/repo` → `owner/repo` of the network root (source). */
  networks: Record<string, string>;
  /** Request URL → ETag and the body it answered, for If-None-Match. */
  etags: Record<string, { etag: string; data: unknown }>;
  /** `host/owner/repo` → the `owner/repo` GitHub redirected it to, and when (ms since the epoch). */
  renames?: Record<string, { to: string; at: number }>;
}

/**
 * How long a rename is trusted. GitHub's redirect answers carry no ETag, so
 * every run paid a request for docker/swarmkit → moby/swarmkit; an old name
 * can be taken again by a new repository, so the answer does not last forever.
 */
export const RENAME_TTL_MS = 24 * 60 * 60 * 1000;

export class GitHubCache {
  private data: CacheData;
  private dirty = false;

  constructor(readonly file: string | undefined) {
    this.data = { version: 1, commits: {}, networks: {}, etags: {} };
    const text = file ? readCacheFile(file, 'utf8') : undefined;
    if (text === undefined) return;
    try {
      const parsed = JSON.parse(text) as CacheData;
      if (parsed.version === 1) this.data = { ...this.data, ...parsed };
    } catch {
      // A damaged cache is an empty one.
    }
  }

  static forEnv(env: NodeJS.ProcessEnv): GitHubCache {
    return new GitHubCache(path.join(cacheDir(env), 'github.json'));
  }

  hasCommit(key: string): boolean {
    return this.data.commits[key] === true;
  }

  addCommit(key: string): void {
    if (this.data.commits[key]) return;
    this.data.commits[key] = true;
    this.dirty = true;
  }

  network(key: string): string | undefined {
    return this.data.networks[key];
  }

  setNetwork(key: string, source: string): void {
    if (this.data.networks[key] === source) return;
    this.data.networks[key] = source;
    this.dirty = true;
  }

  renamed(key: string, now = Date.now()): string | undefined {
    const rename = this.data.renames?.[key];
    return rename && now - rename.at < RENAME_TTL_MS ? rename.to : undefined;
  }

  setRenamed(key: string, to: string, now = Date.now()): void {
    this.data.renames = { ...this.data.renames, [key]: { to, at: now } };
    this.dirty = true;
  }

  etag(url: string): { etag: string; data: unknown } | undefined {
    return this.data.etags[url];
  }

  setEtag(url: string, etag: string, data: unknown): void {
    this.data.etags[url] = { etag, data };
    this.dirty = true;
  }

  /** Written atomically; a cache that cannot be written is skipped, never fatal. */
  save(): void {
    if (!this.file || !this.dirty) return;
    if (writeCacheFile(this.file, JSON.stringify(this.data), 'utf8')) this.dirty = false;
  }
}
