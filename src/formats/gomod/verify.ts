import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { refuseBrokenFile } from '../common/edit-result.js';
import { verifyEach, verifyResult } from '../common/verify-result.js';
import { UserError } from '../../errors.js';
import { readConfText } from '../../fs/conf-file.js';
import { displayPath } from '../../fs/display-path.js';
import { readProjectConfig } from '../../fs/project-config.js';
import { ignoredPaths } from '../../git/plumbing.js';
import { rootFinder } from '../../git/staged-paths.js';
import { resolveDependencyName } from '../../resolve/short-names.js';
import { diagnoseModFile } from './core/diagnostics.js';
import { findOnPath } from '../../process/find-on-path.js';
import { parseModFile } from './core/mod-file.js';
import { parseModulesTxt, type VendorList } from './core/modules-txt.js';
import { expectedModule } from './vendor-tree.js';
import { pseudoVersionCommit } from '../../manifest/pseudo-version.js';
import type { VerifiedEntry, VerifyOptions, VerifyResult } from '../../manifest/verify.js';

/**
 * `vendorfork verify` on go.mod or moby's vendor.mod: each vendored module's files under vendor/ are what
 * go mod vendor writes for it (vendor-expected.ts: its listed packages' files from go's module cache at the
 * version modules.txt gives it, its replacement's; `go mod download` fills the cache when it lacks them).
 * A vendored file that differs is modified, one go would not write is added, and one go would write that
 * vendor/ lacks is missing (deleted by hand: go build -mod=vendor fails). Offline once the cache is warm: a
 * cached module version never changes.
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
  const list = parseModulesTxt(await fs.readFile(txtPath, 'utf8'));
  const vendored = list.versions;
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
  const goVersion = mod.goVersion ?? '1.16';
  // go mod download takes its own lock on the module cache: a few at once is plenty.
  const results = await verifyEach(
    modules,
    options.concurrency ?? 4,
    (module) =>
      verifyModule(module, list, filesOf.get(module) ?? [], { projectDir, vendorDir, goVersion, go, options }),
    options.onEntry,
  );
  return verifyResult(file, shown, results);
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
    if (!module) continue;
    const files = byModule.get(module);
    if (files) files.push(file);
    else byModule.set(module, [file]);
  }
  return byModule;
}

async function verifyModule(
  module: string,
  list: VendorList,
  files: string[],
  context: {
    projectDir: string;
    vendorDir: string;
    goVersion: string;
    go: string | undefined;
    options: VerifyOptions;
  },
): Promise<VerifiedEntry> {
  const from = list.sources.get(module) ?? { path: module, version: list.versions.get(module) };
  const entry: VerifiedEntry = {
    importPath: module,
    repository: from.path,
    ref: from.version ?? from.path,
    ...(from.version && pseudoVersionCommit(from.version) ? { sha: pseudoVersionCommit(from.version)! } : {}),
    status: 'ok',
    modified: [],
    added: [],
    missing: [],
    fetched: false,
  };
  const { go, options } = context;
  const download = go
    ? async (modulePath: string, version: string) => {
        const { downloadModule } = await import('../../go/go-command.js');
        return (await downloadModule(go, modulePath, version, { env: options.env })).dir || undefined;
      }
    : undefined;
  const expected = await expectedModule(module, list, context.goVersion, {
    projectDir: context.projectDir,
    env: options.env,
    ...(download ? { download } : {}),
  });
  if (!expected.ok)
    return {
      ...entry,
      status: 'unchecked',
      reason: 'unreachable',
      error: !go
        ? 'not in the module cache, and go is not on PATH to download it'
        : expected.why.replace(/^go cannot download [^:]+: /, 'go mod download failed: '),
    };
  entry.fetched = expected.fetched;
  const { blobId } = await import('../../git/blob-id.js');
  const patches: Record<string, string> = {};
  const present = new Set(files);
  for (const file of files) {
    const shown = `vendor/${file}`;
    const want = expected.files.get(file);
    if (want === undefined) {
      entry.added.push(shown);
      continue;
    }
    const vendoredBytes = await fs.readFile(path.join(context.vendorDir, file));
    if (blobId(vendoredBytes) === want) continue;
    entry.modified.push(shown);
    if (options.patch) {
      const { createTwoFilesPatch } = await import('diff');
      const moduleBytes = await fs.readFile(path.join(expected.root, file.slice(module.length + 1)));
      patches[shown] = createTwoFilesPatch(
        `${expected.at}/${file.slice(module.length + 1)}`,
        shown,
        moduleBytes.toString('utf8'),
        vendoredBytes.toString('utf8'),
      );
    }
  }
  const absent = [...expected.files.keys()].filter((file) => !present.has(file)).map((file) => `vendor/${file}`);
  // What git ignores (a vendored .gitignore's rules) a fresh clone never has: go build does not need it to be there.
  const ignored = await ignoredPaths(context.projectDir, absent, options.env);
  entry.missing.push(...absent.filter((file) => !ignored.has(file)));
  entry.missing.sort();
  if (entry.modified.length + entry.added.length + entry.missing.length > 0) {
    entry.status = 'modified';
    if (options.patch) entry.patches = patches;
  }
  return entry;
}
