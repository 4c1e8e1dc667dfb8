import { parseModFile } from './gomod/core/mod-file.js';
import { forkTarget } from '../manifest/import-path.js';
import { parse } from './vendor-conf/core/vendor-conf.js';
import type { DependencyFiles, DependencyFork } from '../manifest/dependency-fork.js';

/**
 * The files a Go dependency of the vndr era pinned its own dependencies in, in the order vendorfork
 * reads them: the first one a commit has is the one its authors built with. vendor.mod comes last, as a
 * project's own module file is found: go.mod, else vendor.mod (swarmkit from 2022 had only vendor.mod).
 */
export const VENDORING_FILES = ['vendor.conf', 'Gopkg.lock', 'glide.lock', 'go.mod', 'vendor.mod'] as const;
export type VendoringFile = (typeof VENDORING_FILES)[number];

/** Import path (or module path) → the version, tag or commit that file pins. No I/O; never throws. */
export function readPins(file: VendoringFile, text: string): Map<string, string> {
  switch (file) {
    case 'vendor.conf':
      return parse(text).pins;
    case 'Gopkg.lock':
      return gopkgLock(text);
    case 'glide.lock':
      return glideLock(text);
    case 'go.mod':
    case 'vendor.mod':
      return goModRequires(text);
  }
}

/**
 * The fork pins of a dependency's file: a module file's replaces by another module (a local directory
 * cannot be copied into another project, so it is left out), or vendor.conf's lines with a repository.
 * No I/O; never throws.
 */
export function readForks(file: DependencyFork['file'], text: string): DependencyFork[] {
  if (file === 'vendor.conf')
    return parse(text).entries.flatMap((e) =>
      e.repository === undefined
        ? []
        : [
            {
              file,
              line: e.line,
              text: `${e.importPath} ${e.ref} ${e.repository}`,
              importPath: e.importPath,
              target: forkTarget(e.repository),
            },
          ],
    );
  return parseModFile(text).replacements.flatMap((r) =>
    /^(\.\.?|)\//.test(r.newPath) || r.newPath === '.' || r.newPath === '..'
      ? []
      : [
          {
            file,
            line: r.line,
            text: `replace ${r.oldPath}${r.oldVersion ? ` ${r.oldVersion}` : ''} => ${r.newPath}${r.newVersion ? ` ${r.newVersion}` : ''}`,
            importPath: r.oldPath,
            target: r.newPath,
          },
        ],
  );
}

/** dep's lock: `[[projects]]` tables with `name`, and `version` when a tag was chosen, else `revision`. */
function gopkgLock(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const table of text.split(/^\s*\[\[projects\]\]\s*$/m).slice(1)) {
    const field = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(table)?.[1];
    const name = field('name');
    const pin = field('version') ?? field('revision');
    if (name && pin) pins.set(name, pin);
  }
  return pins;
}

/** glide's lock: `- name: PATH` items, each with `version: REV` (under imports and testImports). */
function glideLock(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  let name: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s*-\s+name:\s*(\S+)/.exec(line);
    if (item) {
      name = item[1];
      continue;
    }
    const version = /^\s+version:\s*(\S+)/.exec(line);
    if (version && name) {
      pins.set(name, version[1]!);
      name = undefined;
    }
  }
  return pins;
}

/**
 * go.mod's requirements, read by the lossless parser, with a replacement of a required module standing
 * for it as `NEWPATH VERSION` (a local directory replacement as the directory).
 */
function goModRequires(text: string): Map<string, string> {
  const file = parseModFile(text);
  const pins = new Map(file.requirements.map((r) => [r.path, r.version]));
  for (const r of file.replacements)
    if (pins.has(r.oldPath)) pins.set(r.oldPath, r.newVersion ? `${r.newPath} ${r.newVersion}` : r.newPath);
  return pins;
}

/** The reader the resolver's move assessment is handed (see DependencyFiles). */
export const dependencyFiles: DependencyFiles = {
  names: VENDORING_FILES,
  pins: (file, text) =>
    (VENDORING_FILES as readonly string[]).includes(file) ? readPins(file as VendoringFile, text) : new Map(),
  forks: readForks,
};
