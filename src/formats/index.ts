import path from 'node:path';
import { locateFile } from '../fs/conf-file.js';
import type { DependencyFiles } from '../manifest/dependency-fork.js';
import type { ManifestFormat } from '../manifest/format.js';
import { vendorConfFormat } from './vendor-conf/index.js';

/**
 * The formats vendorfork reads, one folder each under src/formats/. This table is the only place that
 * knows there is more than one: a third format is its folder and one line here.
 */
interface RegisteredFormat {
  /** The file names it is found by; the table's order is the order each folder is searched in. */
  readonly names: readonly string[];
  /** Whether a file given with --file is of this format, by its name. */
  matches(fileName: string): boolean;
  /** Its format object; a format beyond the hook's usual one loads only when a file of it is read. */
  load(): Promise<ManifestFormat>;
}

const vendorConf: RegisteredFormat = {
  names: ['vendor.conf'],
  matches: (name) => name === 'vendor.conf',
  load: async () => vendorConfFormat,
};

const FORMATS: readonly RegisteredFormat[] = [
  // First: a vndr-era project may keep a go.mod beside its vendor.conf, and vndr is what it vendors with.
  vendorConf,
  // The go command's -modfile takes any *.mod, so --file other.mod is a module file too.
  {
    names: ['vendor.mod', 'go.mod'],
    matches: (name) => name.endsWith('.mod'),
    load: async () => (await import('./gomod/index.js')).goModFormat,
  },
];

/** Any other name given with --file is read as vndr reads a vendor.conf, as vndr -conf does. */
const FALLBACK = vendorConf;

/** The names searched in each folder, in order. */
export const MANIFEST_NAMES: readonly string[] = FORMATS.flatMap((format) => format.names);

/** A manifest file's format, by its name. */
export async function formatOf(file: string): Promise<ManifestFormat> {
  const name = path.basename(file);
  return (FORMATS.find((format) => format.matches(name)) ?? FALLBACK).load();
}

/**
 * The manifest a command works on, with its format: `file` when given (relative to cwd), otherwise, from
 * cwd upward to the git root, the first of MANIFEST_NAMES in each folder.
 */
export async function openManifest(cwd: string, file?: string): Promise<{ file: string; format: ManifestFormat }> {
  const found = locateManifest(cwd, file);
  return { file: found, format: await formatOf(found) };
}

export function locateManifest(cwd: string, file?: string): string {
  return locateFile(cwd, file, MANIFEST_NAMES);
}

/** How a dependency's own vendoring files are read, for judging a move; loaded when a move is judged (it brings the go.mod parser). */
export async function dependencyFiles(): Promise<DependencyFiles> {
  return (await import('./dependency-pins.js')).dependencyFiles;
}
