import type { BuildReport } from './build-report.js';

/**
 * What refreshes vendor/ for a manifest: vndr for vendor.conf, `go mod vendor` for go.mod and moby's
 * vendor.mod. The transaction (transaction.ts) runs one inside its lock and snapshot, so a command
 * never needs to know which.
 */

export type VendoringEvent =
  /** The tool starts on a dependency (vndr: one call per dependency; go: the whole module graph). */
  | { type: 'start'; tool: string; importPath: string }
  | { type: 'log'; importPath: string; line: string }
  | { type: 'done'; tool: string; importPath: string; ms: number }
  /** --build: compiling the dependency and its importers after the tool. */
  | { type: 'build'; importPath: string };

export interface VendoringRun {
  /** Aborted on SIGINT or SIGTERM: the tool stops its processes and throws the signal's reason. */
  signal: AbortSignal;
  onEvent?: (event: VendoringEvent) => void;
}

/** A build of the dependency's vendored packages and the project's packages that import them. */
export interface BuildStep {
  /** As progress lines name it: the dependency. */
  readonly dependency: string;
  /** As the refusal says how it compiled: "go build, GOPATH mode". */
  readonly mode: string;
  run(signal: AbortSignal): Promise<BuildReport>;
}

export interface VendoringTool {
  /** As the user reads it in progress lines and errors: `vndr`, `go mod vendor`. */
  readonly name: string;
  /**
   * A directory under vendor/ (relative, with `/`; `.` for vendor/ itself) that the tool deletes whole
   * before anything else, so the snapshot may move it aside instead of linking it; undefined when that
   * cannot be told.
   */
  readonly movableRoot?: string;
  /** --build: how this tool's project compiles the dependency and its importers; undefined when it cannot. */
  readonly build?: BuildStep;
  /** Refreshes vendor/. Throws a UserError that says what failed; the transaction puts everything back. */
  run(context: VendoringRun): Promise<void>;
}
