import type { ManifestFormat } from '../../manifest/format.js';
import { lowestRelease } from '../../manifest/release-tags.js';
import { diagnoseModFile } from './core/diagnostics.js';
import { parseModFile, replacementTargets } from './core/mod-file.js';
import { gitRefOf, moduleEntry, moduleSubdirectory } from './core/module-entry.js';
import { diffModFiles } from './core/semantic-diff.js';

/**
 * go.mod, and moby's vendor.mod (a module file beside no go.mod), vendored by go mod vendor. The reading
 * half is the pure core (core/); the commands' bodies load when called.
 */
export const goModFormat: ManifestFormat = {
  name: 'go.mod',
  tool: 'go',
  words: {
    cannotClone: 'go cannot fetch the module',
    cannotCheckout: 'go cannot fetch that version',
    unreachablePin: 'go fetches the module from the fork (or a proxy that kept it) and may fail',
    unreachableStatus: 'go mod download of it will fail (unless a module proxy kept it)',
  },
  commentMarker: '//',
  diagnose: (text) => diagnoseModFile(parseModFile(text)),
  diff: (before, after, fileName) => diffModFiles(parseModFile(before), parseModFile(after), fileName),
  pins: (text) => {
    const file = parseModFile(text);
    const pins = new Map(file.requirements.map((r) => [r.path, r.version]));
    for (const r of file.replacements)
      if (r.oldVersion === undefined && r.newVersion) pins.set(r.oldPath, r.newVersion);
    return pins;
  },
  forks: (text) => replacementTargets(parseModFile(text)),
  // A tag is the version without go's +incompatible mark; a pseudo-version names its commit.
  gitRef: gitRefOf,
  entries: (text) => {
    const file = parseModFile(text);
    const paths = new Set([...file.requirements.map((r) => r.path), ...file.replacements.map((r) => r.oldPath)]);
    return [...paths].flatMap((path) => moduleEntry(file, path) ?? []).sort((a, b) => a.line - b.line);
  },
  removal: {
    // A module's releases are its own tags: the major version its path says, under its subdirectory's prefix.
    firstRelease: (tags, modulePath) => {
      const subdirectory = moduleSubdirectory(modulePath);
      return lowestRelease(tags, {
        prefix: subdirectory ? `${subdirectory}/` : '',
        requireV: true,
        major: Number(/\/v([2-9]\d*)$/.exec(modulePath)?.[1] ?? 1),
      });
    },
    // A module the file already requires at that release goes back to it by dropping the replace.
    refForRelease: (text, modulePath, tag) => {
      const required = parseModFile(text).requirements.find((r) => r.path === modulePath)?.version;
      return required !== undefined && (tag === required || tag.endsWith(`/${required}`)) ? undefined : tag;
    },
    // reset without a ref goes back to the version the file requires, which may predate the commit.
    refForMerged: (sha) => sha,
  },
  localDiagnostics: async (file, text, env) => (await import('./check.js')).localModuleDiagnostics(file, text, env),
  onlineDiagnostics: async (file, text, env, options) =>
    (await import('./check.js')).onlineModuleDiagnostics(file, text, env, options),
  stagedDiagnostics: async (file, env, options) => ({
    diagnostics: await (await import('./staged.js')).moduleStagedDiagnostics(file, env, options),
  }),
  orphans: async (file, env) => (await import('./orphans.js')).moduleOrphanLines(file, env),
  openEditor: async (file, options) => (await import('./edit.js')).openModuleEditor(file, options),
  sync: async (file, options) => (await import('./sync.js')).syncModules(file, options),
  verify: async (file, options) => (await import('./verify.js')).verifyModules(file, options),
};
