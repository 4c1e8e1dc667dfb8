export { parse, VendorConf, ConfLine, type EntryChange } from './vendor-conf.js';
export { diagnose, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { knownRoot, githubRepositoryOfUrl, isVersionedPath, type KnownRoot } from '../../../manifest/import-path.js';
export type { LineSyntax, LineEnding } from './syntax.js';
export { diffConfs } from './semantic-diff.js';
export type { Entry } from '../../../manifest/entry.js';
export {
  sameRepository,
  CHANGE_ORDER,
  type ChangeKind,
  type EntryDiff,
  type EntrySide,
} from '../../../manifest/entry-diff.js';
