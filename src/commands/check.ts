import { readConfText } from '../fs/conf-file.js';
import { displayPath } from '../fs/display-path.js';
import { openManifest } from '../formats/index.js';
import type { FileDiagnostic, ManifestDiagnostic } from '../manifest/format.js';

export interface CheckOptions {
  cwd: string;
  /** A vendor.conf to check instead of the one found from cwd. */
  file?: string;
  /** Warnings fail the check too. */
  strict?: boolean;
  /** Also ask GitHub: fork repositories exist, refs name commits, forks share the upstream's network. */
  online?: boolean;
  env?: NodeJS.ProcessEnv;
  githubUrl?: string;
  /** Check what the next commit records (the git index), and vendor/ against it; for the pre-commit hook. */
  staged?: boolean;
  /** With staged: report hand edits under vendor/ as warnings instead of errors. */
  allowVendorEdits?: boolean;
  /** With online, on a module file: what goes to the network (what the module cache lacks), and for how long. */
  onNote?: (line: string) => void;
}

export interface CheckResult {
  /** Absolute path of the file checked. */
  file: string;
  /** The same path as the user should see it: relative to cwd when inside it. */
  displayPath: string;
  /** Line 0 means the file as a whole (a vendor/ directory with no entry, say). */
  diagnostics: FileDiagnostic[];
  errors: number;
  warnings: number;
  ok: boolean;
  /** How the online checks were made, when that is worth a line: through git, GitHub's API silent. */
  notes?: string[];
}

export async function check(options: CheckOptions): Promise<CheckResult> {
  const { file, format } = await openManifest(options.cwd, options.file);
  const env = options.env ?? {};
  const notes: string[] = [];
  let diagnostics: CheckResult['diagnostics'];
  let text: string | undefined;
  if (options.staged) {
    ({ diagnostics, text } = await format.stagedDiagnostics(file, env, {
      allowVendorEdits: options.allowVendorEdits,
      online: options.online,
    }));
  } else {
    text = (await readConfText(file)).text;
    diagnostics = format.diagnose(text);
    const local = await format.localDiagnostics(file, text, env);
    // In the file's order, what is about vendor/ as a whole (line 0) after the lines.
    if (local.length > 0)
      diagnostics = [
        ...[...diagnostics, ...local.filter((d) => d.line > 0)].sort(byPlace),
        ...local.filter((d) => d.line === 0),
      ];
  }
  if (options.online && text !== undefined) {
    const { onlineDiagnostics } = await import('./check-online.js');
    const online = await onlineDiagnostics(format.entries(text), {
      env,
      words: format.words,
      notes,
      ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
    });
    const extra = await format.onlineDiagnostics(file, text, env, { staged: options.staged, onNote: options.onNote });
    const superseded = new Set(extra.supersedes ?? []);
    diagnostics = [...diagnostics.filter((d) => !superseded.has(d.code)), ...online, ...extra.diagnostics].sort(
      byPlace,
    );
  }
  // A bump that changes nothing go builds is what --strict exists for: an error then, not a warning.
  if (options.strict)
    diagnostics = diagnostics.map((d) =>
      d.code === 'replace-shadows-require' && d.severity === 'warning' ? { ...d, severity: 'error' } : d,
    );
  return { ...result(file, diagnostics, options), ...(notes.length > 0 ? { notes } : {}) };
}

const byPlace = (a: ManifestDiagnostic, b: ManifestDiagnostic) => a.line - b.line || a.column - b.column;

/** The counts and the verdict, the same for every kind of file. */
function result(file: string, diagnostics: CheckResult['diagnostics'], options: CheckOptions): CheckResult {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return {
    file,
    displayPath: displayPath(options.cwd, file),
    diagnostics,
    errors,
    warnings,
    ok: errors === 0 && (!options.strict || warnings === 0),
  };
}
