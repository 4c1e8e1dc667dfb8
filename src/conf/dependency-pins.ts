import { parseModFile } from '../gomod/mod-file.js';
import { parse } from './vendor-conf.js';

/**
 * The files a Go dependency of the vndr era pinned its own dependencies in, in the order vendorfork
 * reads them: the first one a commit has is the one its authors built with.
 */
export const VENDORING_FILES = ['vendor.conf', 'Gopkg.lock', 'glide.lock', 'go.mod'] as const;
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
      return goModRequires(text);
  }
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
