/**
 * vendorfork's library API: lossless vendor.conf and go.mod/vendor.mod syntax
 * trees with typed entries, edits that change only the lines they must, and
 * diagnostics. No I/O: read and write the file yourself.
 */
export * from './formats/vendor-conf/core/index.js';
export { check, type CheckOptions, type CheckResult } from './commands/check.js';
export { UserError, ExitCode } from './errors.js';
export { parseModFile, ModFile, type Requirement, type Replacement } from './formats/gomod/core/mod-file.js';
export { diagnoseModFile, type ModDiagnostic } from './formats/gomod/core/diagnostics.js';
export { goVersion, pseudoVersionCommit, type CommitFacts } from './manifest/pseudo-version.js';
export { addSumLines, removeSumLines, type SumLine } from './formats/gomod/core/sum-file.js';
// The commands, as the CLI runs them: a function of an options object (with cwd and env) that returns data.
export { set, type SetOptions, type SetResult } from './commands/set.js';
export { reset, resetMerged, type ResetOptions, type ResetMergedResult } from './commands/reset.js';
export {
  update,
  updateAll,
  AmbiguousBranch,
  type UpdateOptions,
  type UpdateResult,
  type UpdateAllResult,
} from './commands/update.js';
export { sync } from './commands/sync.js';
export { diff, type DiffOptions, type DiffResult } from './commands/diff.js';
export { status, type StatusOptions, type StatusResult, type StatusRow } from './commands/status.js';
export type { Removal, PullRequestEvidence } from './commands/status-removal.js';
export { verify } from './commands/verify.js';
export type { ResetResult } from './manifest/edit.js';
export type { SyncOptions, SyncResult } from './manifest/sync.js';
export type { VerifyOptions, VerifyResult, VerifiedEntry } from './manifest/verify.js';
