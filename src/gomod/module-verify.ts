import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { refuseBrokenFile } from '../commands/edit-result.js';
import type { VerifiedEntry, VerifyOptions, VerifyResult } from '../commands/verify.js';
import { verifyEach, verifyResult } from '../commands/verify-result.js';
import { UserError } from '../errors.js';
import { readConfText } from '../fs/conf-file.js';
import { displayPath } from '../fs/display-path.js';
import { readProjectConfig } from '../fs/project-config.js';
import { rootFinder } from '../git/staged-paths.js';
import { resolveDependencyName } from '../resolve/short-names.js';
import { diagnoseModFile } from './diagnostics.js';
import { findOnPath } from '../vndr/preflight.js';
import { cachedModuleDir } from './module-cache.js';
import { activeReplacement, isLocalPath } from './module-entry.js';
import { parseModFile, type ModFile } from './mod-file.js';
import { parseModulesTxt } from './modules-txt.js';
import { pseudoVersionCommit } from './pseudo-version.js';

/**
 * `vendorfork verify` on go.mod or moby's vendor.mod: each vendored module's files under vendor/ are
 * byte-identical to the module's files at the version the module file gives it (its replacement's, else
 * its requirement's), read from go's module cache, which `go mod download` fills when it lacks them.
 * go mod vendor copies files verbatim and only some of them (the packages the build uses), so a vendored
 * file that differs from the module's, or that the module does not have, was edited or added by hand.
 * Offline once the cache is warm: a cached module version never changes.
 */
export async function verifyModules(file: string, options: VerifyOptions): Promise<VerifyResult> {
  const mod = parseModFile((await readConfText(file)).text);
  const shown = displayPath(options.cwd, file);
  refuseBrokenFile(diagnoseModFile(mod), shown);
  const projectDir = path.dirname(file);
  const vendorDir = path.join(projectDir, 'vendor');
  const txtPath = path.join(vendorDir, 'modules.txt');
  if (!existsSync(txtPath))
    throw new UserError(
      `${shown}: there is no vendor/modules.txt beside it, so nothing vendored to verify (go mod vendor makes it)`,
    );
  const vendored = parseModulesTxt(await fs.readFile(txtPath, 'utf8')).versions;
  let modules = [...vendored.keys()];
  const only = options.only ?? [];
  if (only.length > 0) {
    const named = modules.map((importPath) => ({ importPath }));
    const { shortNames } = readProjectConfig(file);
    const wanted = new Set(only.map((name) => resolveDependencyName(name, named, shortNames, path.basename(file))));
    const missing = [...wanted].filter((module) => !vendored.has(module));
    if (missing.length > 0) throw new UserError(`${missing.join(', ')}: not vendored by ${shown}`);
    modules = modules.filter((module) => wanted.has(module));
  }
  const filesOf = vendoredFiles(vendorDir, new Set(vendored.keys()));
  const go = findOnPath('go', options.env);
  // go mod download takes its own lock on the module cache: a few at once is plenty.
  const results = await verifyEach(
    modules,
    options.concurrency ?? 4,
    (module) =>
      verifyModule(module, source(mod, module, vendored.get(module)!), filesOf.get(module) ?? [], {
        vendorDir,
        go,
        options,
      }),
    options.onEntry,
  );
  return verifyResult(file, shown, results);
}

/** Where a module's vendored files come from: its replacement, else itself, at a version; a directory for a local replacement. */
function source(mod: ModFile, module: string, vendoredVersion: string): { path: string; version?: string } {
  const replacement = activeReplacement(mod, module);
  if (replacement)
    return { path: replacement.newPath, ...(replacement.newVersion ? { version: replacement.newVersion } : {}) };
  return { path: module, version: mod.requirements.find((r) => r.path === module)?.version ?? vendoredVersion };
}

/** The files under vendor/, relative to it with `/`, by the vendored module they belong to (the longest prefix). */
function vendoredFiles(vendorDir: string, modules: Set<string>): Map<string, string[]> {
  const moduleOf = rootFinder(modules);
  const byModule = new Map<string, string[]>();
  const listed = readdirSync(vendorDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(vendorDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  for (const file of listed) {
    const module = moduleOf(file);
    if (module) byModule.set(module, [...(byModule.get(module) ?? []), file]);
  }
  return byModule;
}

async function verifyModule(
  module: string,
  from: { path: string; version?: string },
  files: string[],
  context: { vendorDir: string; go: string | undefined; options: VerifyOptions },
): Promise<VerifiedEntry> {
  const base = {
    importPath: module,
    repository: from.path,
    ref: from.version ?? from.path,
    modified: [],
    added: [],
    missing: [],
  };
  const commit = from.version ? pseudoVersionCommit(from.version) : undefined;
  const entry: VerifiedEntry = { ...base, ...(commit ? { sha: commit } : {}), status: 'ok', fetched: false };
  if (isLocalPath(from.path) || !from.version)
    return {
      ...entry,
      status: 'unchecked',
      reason: 'no-ref',
      error: 'replaced by a local directory, which vendorfork does not compare',
    };
  let dir = cachedModuleDir(context.options.env, from.path, from.version);
  if (!dir) {
    if (!context.go)
      return {
        ...entry,
        status: 'unchecked',
        reason: 'unreachable',
        error: 'not in the module cache, and go is not on PATH to download it',
      };
    const { downloadModule } = await import('./go-command.js');
    try {
      dir = (await downloadModule(context.go, from.path, from.version, { env: context.options.env })).dir;
      entry.fetched = true;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return {
        ...entry,
        status: 'unchecked',
        reason: 'unreachable',
        error: error.message.replace(/^go cannot download [^:]+: /, 'go mod download failed: '),
      };
    }
  }
  const patches: Record<string, string> = {};
  for (const file of files) {
    const inModule = file.slice(module.length + 1);
    const [vendoredBytes, moduleBytes] = await Promise.all([
      fs.readFile(path.join(context.vendorDir, file)),
      fs.readFile(path.join(dir, inModule)).catch(() => undefined),
    ]);
    const shown = `vendor/${file}`;
    if (moduleBytes === undefined) {
      entry.added.push(shown);
      continue;
    }
    if (vendoredBytes.equals(moduleBytes)) continue;
    entry.modified.push(shown);
    if (context.options.patch) {
      const { createTwoFilesPatch } = await import('diff');
      patches[shown] = createTwoFilesPatch(
        `${from.path}@${from.version}/${inModule}`,
        shown,
        moduleBytes.toString('utf8'),
        vendoredBytes.toString('utf8'),
      );
    }
  }
  if (entry.modified.length > 0 || entry.added.length > 0) {
    entry.status = 'modified';
    if (context.options.patch) entry.patches = patches;
  }
  return entry;
}
