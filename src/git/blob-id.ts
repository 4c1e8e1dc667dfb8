import { createHash } from 'node:crypto';

/**
 * The id git gives content (what `git hash-object --no-filters` prints): SHA-1 of "blob <size>\0" and the
 * bytes, computed here rather than in a git process per file. A module of its own, off the hook's start-up
 * path: node:crypto costs load time that plumbing.ts's callers should not pay.
 */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
