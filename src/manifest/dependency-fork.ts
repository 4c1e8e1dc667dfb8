/** A dependency's module file, found as a project's own is: go.mod, else vendor.mod. */
export const MODULE_FILES = ['go.mod', 'vendor.mod'] as const;
export type ModuleFileName = (typeof MODULE_FILES)[number];

/**
 * A fork pin in a dependency's own file: a `replace` of its go.mod or vendor.mod, or a vendor.conf line
 * with a third field. Outside the dependency nobody reads it: go ignores a dependency's replace
 * directives (golang/go#30354), and vndr reads only the project's vendor.conf.
 */
export interface DependencyFork {
  file: ModuleFileName | 'vendor.conf';
  /** 1-based line in that file. */
  line: number;
  /** The directive as it would be copied: `replace A => B V`, or `A REF URL`. */
  text: string;
  importPath: string;
  /** What it points the import path at: the replacement's module path, or the fork's repository. */
  target: string;
}

/**
 * How a dependency's own vendoring files are read (formats/dependency-pins.ts), handed to the resolver's
 * move assessment so that it reads them without knowing any format. Pure.
 */
export interface DependencyFiles {
  /** The files a Go dependency pinned its own dependencies in, in the order they are read: the first found counts. */
  readonly names: readonly string[];
  /** Import path (or module path) → the version, tag or commit `file` pins. Never throws. */
  pins(file: string, text: string): Map<string, string>;
  /** The fork pins of a module file or a vendor.conf. Never throws. */
  forks(file: DependencyFork['file'], text: string): DependencyFork[];
}
