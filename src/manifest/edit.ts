import type { ForkSpec } from '../resolve/fork-spec.js';
import type { Pin, Resolver } from '../resolve/resolver.js';
import type { GoGetFetcher } from '../resolve/upstream.js';
import type { VendoringEvent } from '../vendoring/tool.js';
import type { BuildOutcome } from '../vendoring/transaction.js';
import type { EditedEntry, Entry, RequirementMove } from './entry.js';

/** What set and reset share: where the file is, how to reach GitHub, whether and how to refresh vendor/. */
export interface EditOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** An import or module path, a short name, or the last element of one entry's path. */
  dependency: string;
  offline?: boolean;
  keepRef?: boolean;
  dryRun?: boolean;
  /** The inline comment to set; null removes it (vendor.conf). */
  comment?: string | null;
  strict?: boolean;
  /** Modules: accept a move that changes other modules' versions (a warning otherwise, refused under --strict). */
  allowDrift?: boolean;
  githubUrl?: string;
  goGet?: GoGetFetcher;
  /** Only rewrite the manifest (and go.sum); leave vendor/ alone: no vndr, no go mod vendor. */
  noVndr?: boolean;
  /** Accept file:// URLs (local mirrors) in the spec and in vendor.conf; refused otherwise. */
  allowFileUrls?: boolean;
  /** vndr to run (default: $VNDR, then PATH). */
  vndr?: string;
  /** Extra -whitelist regular expressions for vndr, on top of .vendorfork.json's. */
  whitelist?: string[];
  onEvent?: (event: VendoringEvent) => void;
  signals?: NodeJS.EventEmitter;
  /** Prove it compiles: go build of the dependency and its importers, before and after; a new failure undoes it. */
  build?: boolean;
}

export interface EditResult {
  file: string;
  displayPath: string;
  importPath: string;
  before?: EditedEntry;
  after: EditedEntry;
  pin: Pin;
  /** False when the file already said this. */
  changed: boolean;
  /** Unified diff of the manifest. */
  patch: string;
  dryRun: boolean;
  warnings: string[];
  /** What the user should know that is not a problem, e.g. which upstream commit reset chose. */
  notes: string[];
  /** How long the vendoring tool took, when it ran. Named after vndr, the first tool, for the JSON's sake. */
  vndr?: { ms: number };
  /** With --build: what compiled, and what failed before the move already. */
  build?: BuildOutcome;
  /** Modules: the other modules whose version go's build list moves with this one (old → new; added ones without `from`). */
  buildList?: RequirementMove[];
  /**
   * Modules, back to upstream: by the require line, as `go get MODULE@VERSION` does, or by the replace of
   * the module by itself the file already had.
   */
  upstreamBy?: 'require' | 'self-replace';
}

export interface ResetResult extends EditResult {
  /** How the upstream ref was chosen, when it was not given (vendor.conf). */
  basedOn?: { mergeBase: string; upstreamBranch: string; forkCommit: string; merged: boolean };
}

/**
 * One dependency of an opened manifest, ready to be pointed elsewhere: vendor.conf with vndr
 * (formats/vendor-conf/edit.ts), or go.mod / moby's vendor.mod with go mod vendor (formats/gomod/edit.ts). set and
 * reset talk to this alone.
 */
export interface ManifestEditor {
  readonly file: string;
  /** The dependency as the file names it: import path, or module path. */
  readonly importPath: string;
  /** Its entry now, in the resolver's terms (a ref, a fork's repository URL), when the file has it. */
  readonly current: Entry | undefined;
  /** Everything the project pins, path → version, to compare a dependency's own pins with. */
  readonly projectPins: Map<string, string>;
  /** Resolves a spec for this dependency, where the format has its own way (modules: go's view); else resolver.pin. */
  resolve?(resolver: Resolver, spec: ForkSpec): Promise<Pin>;
  /** Writes the pin (or shows it, with --dry-run) and refreshes vendor/ for it, as one transaction. */
  apply(pin: Pin, notes?: string[]): Promise<EditResult>;
  /** Pins for several entries of the file (each pin names its own), written and vendored as one transaction. */
  applyAll(pins: Pin[], notes?: string[]): Promise<EditResult[]>;
  /**
   * `reset` without a ref: back to upstream where the format says. vendor.conf: the commit the fork left
   * upstream at; a module: its required version, the replace removed.
   */
  resetToUpstream(resolver: Resolver): Promise<ResetResult>;
}
