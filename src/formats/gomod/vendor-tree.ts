import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { readCacheFile, writeCacheFile } from '../../fs/cache-file.js';
import { cacheDir } from '../../fs/cache-dir.js';
import { cachedModuleDir, escapeModulePath } from '../../go/module-cache.js';
import { isLocalPath } from './core/module-entry.js';
import type { VendorList } from './core/modules-txt.js';
import { expectedModuleFiles, goVersionAtLeast, type DirEntry, type ModuleSource } from './core/vendor-expected.js';

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
    /** Keep the answer for a module version, and use a kept one: the hook's path, where it is asked again and again. */
    keep?: boolean;
  },
): Promise<ExpectedModule> {
  const from = list.sources.get(module) ?? { path: module, version: list.versions.get(module) };
  const at = from.version ? `${from.path}@${from.version}` : from.path;
  const packages = list.packages.get(module) ?? [];
  const kept =
    context.keep && from.version && !isLocalPath(from.path)
      ? keptFile(context.env, at, module, packages, goVersion)
      : undefined;
  if (kept) {
    const files = readKept(kept.file, kept.header);
    if (files)
      return {
        ok: true,
        module,
        at,
        root: cachedModuleDir(context.env, from.path, from.version!) ?? '',
        files,
        fetched: false,
      };
  }
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
  const { blobId } = await import('../../git/blob-id.js');
  const files = new Map<string, string>();
  for (const relative of expectedModuleFiles(module, packages, goVersion, source)) {
    const content = source.bytes(relative);
    if (content !== undefined) files.set(`${module}/${relative}`, blobId(content));
  }
  if (kept)
    writeCacheFile(
      kept.file,
      `${kept.header}\n${[...files].map(([file, blob]) => `${blob} ${file}\n`).join('')}`,
      'utf8',
    );
  return { ok: true, module, at, root, files, fetched };
}

/**
 * Where the expected files of a module version are kept, under vendorfork's cache directory: they depend on
 * nothing but the version's files (which go never changes once in its cache), the packages listed and
 * which of go's rules the main module's go line selects. The file's first line repeats all of that, so a
 * file whose name is shared by another list of packages is recomputed, never believed.
 */
function keptFile(env: NodeJS.ProcessEnv, at: string, module: string, packages: string[], goVersion: string) {
  const rules = goVersionAtLeast(goVersion, '1.22')
    ? 'go1.22'
    : goVersionAtLeast(goVersion, '1.17')
      ? 'go1.17'
      : 'go1.16';
  const header = `${rules} ${module} ${packages.join(' ')}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < header.length; i++) hash = Math.imul(hash ^ header.charCodeAt(i), 0x01000193) >>> 0;
  return { file: path.join(cacheDir(env), 'expected', escapeModulePath(at), `${rules}-${hash.toString(16)}`), header };
}

function readKept(file: string, header: string): Map<string, string> | undefined {
  const text = readCacheFile(file, 'utf8');
  if (text === undefined || !text.startsWith(`${header}\n`)) return undefined;
  const files = new Map<string, string>();
  for (const line of text.slice(header.length + 1).split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) files.set(line.slice(space + 1), line.slice(0, space));
  }
  return files;
}
