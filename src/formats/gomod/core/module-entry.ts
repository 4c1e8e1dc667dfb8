import { knownRoot } from '../../../manifest/import-path.js';
import { pseudoVersionCommit } from '../../../manifest/pseudo-version.js';
import type { ModFile, Replacement } from './mod-file.js';
import type { Entry } from '../../../manifest/entry.js';

// A module of a go.mod or vendor.mod in the terms the rest of vendorfork uses for a vendor.conf entry. No I/O.

/**
 * A module as the resolver sees a vendor.conf entry: the git ref of its version (a pseudo-version's commit,
 * a tag), and, when a replace points it at another repository, that repository's URL.
 */
export function moduleEntry(mod: ModFile, importPath: string): Entry | undefined {
  const required = mod.requirements.find((r) => r.path === importPath);
  const replacement = activeReplacement(mod, importPath);
  const version = replacement?.newVersion ?? required?.version;
  if (version === undefined) return undefined;
  const subdirectory = moduleSubdirectory(importPath);
  const ref = gitRefOf(version);
  const tagged = subdirectory && ref === version.replace(/\+incompatible$/, '') ? `${subdirectory}/${ref}` : ref;
  const line = replacement?.line ?? required!.line;
  const foreign =
    replacement && !isLocalPath(replacement.newPath) && replacement.newPath !== importPath
      ? `https://${repositoryRoot(replacement.newPath)}`
      : undefined;
  return {
    importPath,
    ref: tagged,
    ...(foreign ? { repository: foreign } : {}),
    line,
    columns: replacement
      ? {
          importPath: replacement.columns.oldPath,
          ref: replacement.columns.newVersion ?? replacement.columns.newPath,
          repository: replacement.columns.newPath,
        }
      : { importPath: 1, ref: 1 },
  };
}

/** The git ref a module version stands for: a pseudo-version's commit, else the tag (without +incompatible). */
export function gitRefOf(version: string): string {
  return pseudoVersionCommit(version) ?? version.replace(/\+incompatible$/, '');
}

/** The replacement that applies to the module: unversioned, or for the version it is required at. */
export function activeReplacement(mod: ModFile, importPath: string): Replacement | undefined {
  const required = mod.requirements.find((r) => r.path === importPath)?.version;
  const all = mod.replacements.filter((r) => r.oldPath === importPath);
  return all.find((r) => r.oldVersion !== undefined && r.oldVersion === required) ?? all.find((r) => !r.oldVersion);
}

/** A directory replacement (./api, ../x, /abs): not a module version, nothing to resolve. */
export function isLocalPath(newPath: string): boolean {
  return /^(\.\.?|)\//.test(newPath) || newPath === '.' || newPath === '..' || /^[A-Za-z]:[\\/]/.test(newPath);
}

/** A module's repository root: github.com/OWNER/REPO, or what vendorfork's table knows, else the path without /vN. */
export function repositoryRoot(modulePath: string): string {
  return knownRoot(modulePath)?.root ?? modulePath.replace(/\/v[2-9]\d*$/, '');
}

/** The module's directory inside its repository (containerd's `api`), without the /vN suffix; '' at the root. */
export function moduleSubdirectory(modulePath: string): string {
  const root = repositoryRoot(modulePath);
  return modulePath
    .slice(root.length)
    .replace(/\/v[2-9]\d*$/, '')
    .replace(/^\//, '');
}
