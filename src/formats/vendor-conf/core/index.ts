export { parse, VendorConf, ConfLine, type Entry, type EntryChange } from './vendor-conf.js';
export { diagnose, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { knownRoot, githubRepositoryOfUrl, isVersionedPath, type KnownRoot } from '../../../manifest/import-path.js';
export type { LineSyntax, LineEnding } from './syntax.js';
export {
  diffConfs,
  sameRepository,
  CHANGE_ORDER,
  type ChangeKind,
  type EntryDiff,
  type EntrySide,
} from './semantic-diff.js';
