import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { cachedModuleDir } from './module-cache.js';
import { isLocalPath } from './module-entry.js';
import type { VendorList } from './modules-txt.js';
import { expectedModuleFiles, type DirEntry, type ModuleSource } from './vendor-expected.js';

/** What go mod vendor writes for one module: vendor-relative path → the blob id of the bytes it copies. */
export type ExpectedModule =
  | { ok: true; module: string; at: string; root: string; files: Map<string, string>; fetched: boolean }
  | { ok: false; module: string; at: string; why: string };

/** A module directory on disk (the module cache's extracted copy, or a local replacement's directory) as a ModuleSource. */
export function directorySource(root: string): ModuleSource & { bytes(file: string): Buffer | undefined } {
  const reads = new Map<string, Buffer | undefined>();
  const bytes = (file: string) => {
    if (!reads.has(file)) {
      let content: Buffer | undefined;
      try {
        content = readFileSync(path.join(root, ...file.split('/')));
      } catch {
        content = undefined;
      }
      reads.set(file, content);
    }
    return reads.get(file);
  };
  return {
    list(dir: string): DirEntry[] | undefined {
      try {
        return readdirSync(path.join(root, ...dir.split('/').filter(Boolean)), { withFileTypes: true }).map((e) => ({
          name: e.name,
          kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other',
        }));
      } catch {
        return undefined;
      }
    },
    read: bytes,
    bytes,
  };
}

/**
 * The files go mod vendor would write under vendor/ for a module of modules.txt, with their blob ids, from
 * where it copied them: the module cache at the version its line gives (its replacement's), or a local
 * replacement's directory. When the cache lacks the version, `download` (go mod download) may fill it;
 * without it the answer says what is missing.
 */
export async function expectedModule(
  module: string,
  list: VendorList,
  goVersion: string,
  context: {
    projectDir: string;
    env: NodeJS.ProcessEnv;
    download?: (modulePath: string, version: string) => Promise<string | undefined>;
  },
): Promise<ExpectedModule> {
  const from = list.sources.get(module) ?? { path: module, version: list.versions.get(module) };
  const at = from.version ? `${from.path}@${from.version}` : from.path;
  let root: string | undefined;
  let fetched = false;
  let why = `${at} is not in the module cache`;
  if (!from.version || isLocalPath(from.path)) {
    root = path.resolve(context.projectDir, from.path);
  } else {
    root = cachedModuleDir(context.env, from.path, from.version);
    if (!root && context.download) {
      try {
        root = await context.download(from.path, from.version);
        fetched = root !== undefined;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        why = error.message;
      }
    }
  }
  if (!root) return { ok: false, module, at, why };
  const source = directorySource(root);
  const { blobId } = await import('../git/blob-id.js');
  const files = new Map<string, string>();
  for (const relative of expectedModuleFiles(module, list.packages.get(module) ?? [], goVersion, source)) {
    const content = source.bytes(relative);
    if (content !== undefined) files.set(`${module}/${relative}`, blobId(content));
  }
  return { ok: true, module, at, root, files, fetched };
}
