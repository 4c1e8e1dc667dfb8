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
      return new Map(parse(text).entries.map((entry) => [entry.importPath, entry.ref]));
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
 * go.mod's requirements, `require PATH VERSION` alone or in a block, with a replacement of the same
 * module written as `NEWPATH VERSION` (a local directory replacement as the directory). Comments and
 * `// indirect` markers are ignored.
 */
function goModRequires(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  const replaced = new Map<string, string>();
  let block: 'require' | 'replace' | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === ')') {
      block = undefined;
      continue;
    }
    const opened = /^(require|replace)\s*\($/.exec(line);
    if (opened) {
      block = opened[1] as 'require' | 'replace';
      continue;
    }
    const single = /^(require|replace)\s+(.*)$/.exec(line);
    const kind = single ? (single[1] as 'require' | 'replace') : block;
    const body = single ? single[2]! : block ? line : undefined;
    if (!kind || !body) continue;
    const fields = body.split(/\s+/).map((field) => field.replace(/^"(.*)"$/, '$1'));
    if (kind === 'require' && fields.length >= 2) pins.set(fields[0]!, fields[1]!);
    if (kind === 'replace') {
      const arrow = fields.indexOf('=>');
      if (arrow > 0) replaced.set(fields[0]!, fields.slice(arrow + 1).join(' '));
    }
  }
  for (const [path, replacement] of replaced) if (pins.has(path)) pins.set(path, replacement);
  return pins;
}
