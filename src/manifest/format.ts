import { forkTarget } from './import-path.js';
import { diffConfs, type EntryDiff } from '../formats/vendor-conf/core/semantic-diff.js';
import { parse, type Entry } from '../formats/vendor-conf/core/vendor-conf.js';
import type { Severity } from '../formats/vendor-conf/core/diagnostics.js';
import { isModuleFile } from '../fs/conf-file.js';

/** A finding about a manifest, whatever its format: stable code, one line, where. */
export interface ManifestDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
}

/**
 * What the commands need of a dependency manifest, one implementation per format (vndr's vendor.conf; go.mod
 * and moby's vendor.mod), so that a command asks the format instead of branching on it. No I/O.
 */
export interface ManifestFormat {
  readonly name: 'vendor.conf' | 'go.mod';
  /** What vndr or go would refuse, and likely mistakes. */
  diagnose(text: string): ManifestDiagnostic[];
  /**
   * Entry by entry, in the vendor.conf diff's fields (a module's version as ref, its replacement as
   * repository); `fileName` (vendor.mod) names the lines a row's warning points at.
   */
  diff(before: string, after: string, fileName?: string): EntryDiff[];
  /** Import or module path → what the file pins it at: what a dependency's own pins are compared with. */
  pins(text: string): Map<string, string>;
  /**
   * Import or module path → what the file points it at instead of its upstream (a replacement's module path,
   * a fork's repository as forkTarget keys it): what a dependency's own fork pins are compared with.
   */
  forks(text: string): Map<string, string>;
  /** The git ref a pinned version stands for: a pseudo-version's commit, a module version's tag. */
  gitRef(ref: string): string;
  /**
   * The dependencies as the resolver reads a vendor.conf line: a ref git knows (a module's pseudo-version
   * as its commit, its tag), and a fork's repository URL (a module's replacement by another repository).
   */
  entries(text: string): Entry[];
  /** The tool that refreshes vendor/ from this file, as messages name it. */
  readonly tool: 'vndr' | 'go';
}

export const vendorConfFormat: ManifestFormat = {
  name: 'vendor.conf',
  diagnose: (text) => parse(text).diagnostics,
  diff: (before, after) => diffConfs(parse(before), parse(after)),
  pins: (text) => parse(text).pins,
  forks: (text) =>
    new Map(parse(text).entries.flatMap((e) => (e.repository ? [[e.importPath, forkTarget(e.repository)]] : []))),
  gitRef: (ref) => ref,
  entries: (text) => parse(text).entries,
  tool: 'vndr',
};

/** The format of a manifest by its name; the module format's code loads only when a module file is read. */
export async function formatOf(file: string): Promise<ManifestFormat> {
  if (!isModuleFile(file)) return vendorConfFormat;
  const { goModFormat } = await import('../formats/gomod/index.js');
  return goModFormat;
}
