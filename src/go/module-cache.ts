import { blobId } from '../git/blob-id.js';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The go command's module cache, read directly: where `go mod download` put a module version's files, so
 * that vendored files can be compared with them without starting go. The layout is go's (cmd/go's
 * modfetch): $GOMODCACHE, else the first $GOPATH entry's pkg/mod, else ~/go/pkg/mod; a path or version
 * with capital letters is escaped, each one `!` and its lower case.
 */
export function moduleCacheRoot(env: NodeJS.ProcessEnv): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH ?? '').split(path.delimiter).find(Boolean) ?? path.join(env.HOME ?? os.homedir(), 'go');
  return path.join(gopath, 'pkg', 'mod');
}

/** golang.org/x/mod/module.EscapePath, for the paths and versions the cache is keyed by. */
export function escapeModulePath(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);
}

/** The extracted files of PATH@VERSION in the module cache, when they are there. */
export function cachedModuleDir(env: NodeJS.ProcessEnv, modulePath: string, version: string): string | undefined {
  const dir = path.join(moduleCacheRoot(env), `${escapeModulePath(modulePath)}@${escapeModulePath(version)}`);
  return existsSync(dir) ? dir : undefined;
}

/** The blob id of one file of a module's directory (relative, with `/`), or undefined when it has none. */
export function blobAt(dir: string, relative: string): string | undefined {
  try {
    return blobId(readFileSync(path.join(dir, ...relative.split('/'))));
  } catch {
    return undefined;
  }
}

/** The go.mod of PATH@VERSION as go downloaded it (cache/download/PATH/@v/VERSION.mod), when it is there. */
export function cachedGoMod(env: NodeJS.ProcessEnv, modulePath: string, version: string): string | undefined {
  try {
    return readFileSync(downloadFile(env, modulePath, `${escapeModulePath(version)}.mod`), 'utf8');
  } catch {
    return undefined;
  }
}

/** A file of cache/download/PATH/@v/, go's record of what it downloaded for a module. */
export function downloadFile(env: NodeJS.ProcessEnv, modulePath: string, name: string): string {
  return path.join(moduleCacheRoot(env), 'cache', 'download', escapeModulePath(modulePath), '@v', name);
}
