import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VendorConf } from '../formats/vendor-conf/core/vendor-conf.js';
import type { Diagnostic } from '../formats/vendor-conf/core/diagnostics.js';
import { isModuleFile, locateManifest, readConfText } from '../fs/conf-file.js';
import { displayPath } from '../fs/display-path.js';
import { formatOf } from '../manifest/format.js';

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
  diagnostics: (Omit<Diagnostic, 'code'> & { code: string; files?: string[] })[];
  errors: number;
  warnings: number;
  ok: boolean;
  /** How the online checks were made, when that is worth a line: through git, GitHub's API silent. */
  notes?: string[];
}

export async function check(options: CheckOptions): Promise<CheckResult> {
  const file = locateManifest(options.cwd, options.file);
  const notes: string[] = [];
  let diagnostics: CheckResult['diagnostics'];
  let text: string | undefined;
  if (options.staged && isModuleFile(file)) {
    const { moduleStagedDiagnostics } = await import('../formats/gomod/staged.js');
    diagnostics = await moduleStagedDiagnostics(file, options.env ?? {}, {
      allowVendorEdits: options.allowVendorEdits,
      online: options.online,
    });
  } else if (options.staged) {
    const { stagedDiagnostics } = await import('../formats/vendor-conf/staged.js');
    let conf: VendorConf;
    ({ conf, diagnostics } = await stagedDiagnostics(file, options.env ?? {}, {
      allowVendorEdits: options.allowVendorEdits,
      online: options.online,
    }));
    // Only the online checks read the staged text back; the hook's plain run has no use for it.
    if (options.online) text = conf.toString();
  } else {
    text = (await readConfText(file)).text;
    diagnostics = (await formatOf(file)).diagnose(text);
    if (isModuleFile(file)) {
      diagnostics = [...diagnostics, ...(await unusedByVendorList(file, text))].sort(
        (a, b) => a.line - b.line || a.column - b.column,
      );
      // Tracked files under vendor/ that no module of modules.txt accounts for: the next go mod vendor drops them.
      const { KEPT_ORPHAN_FIX, moduleOrphanMessage, trackedModuleOrphans } =
        await import('../formats/gomod/orphans.js');
      const orphans = await trackedModuleOrphans(file, options.env ?? {});
      if (orphans.length > 0)
        diagnostics.push({
          severity: 'warning',
          code: 'vendor-orphan',
          message: moduleOrphanMessage(orphans, 'vendor/modules.txt', KEPT_ORPHAN_FIX),
          line: 0,
          column: 0,
          files: orphans,
        });
    }
  }
  if (options.online && text !== undefined) {
    const format = await formatOf(file);
    const { onlineDiagnostics } = await import('./check-online.js');
    const env = options.env ?? {};
    const online = await onlineDiagnostics(format.entries(text), {
      env,
      tool: format.tool,
      notes,
      ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
    });
    // A module version is go's to judge: a pseudo-version's time and commit, a tag that is no version.
    if (format.tool === 'go') {
      const [{ graphDiagnostics, versionDiagnostics }, { findOnPath }] = await Promise.all([
        import('../formats/gomod/online.js'),
        import('../vndr/preflight.js'),
      ]);
      const versions = await versionDiagnostics(text, env, options.onNote);
      online.push(...versions);
      // The graph is the files on disk (not what the index holds), and go cannot build it past a bad version.
      // Its answer is the whole graph's, so it stands instead of the one vendor/modules.txt gave offline.
      if (!options.staged && !versions.some((d) => d.severity === 'error')) {
        const graph = await graphDiagnostics(file, text, env, options.onNote);
        if (findOnPath('go', env) && !graph.some((d) => d.code === 'graph-unchecked'))
          diagnostics = diagnostics.filter((d) => d.code !== 'replace-unused');
        online.push(...graph);
      }
    }
    diagnostics = [...diagnostics, ...online].sort((a, b) => a.line - b.line || a.column - b.column);
  }
  // A bump that changes nothing go builds is what --strict exists for: an error then, not a warning.
  if (options.strict)
    diagnostics = diagnostics.map((d) =>
      d.code === 'replace-shadows-require' && d.severity === 'warning' ? { ...d, severity: 'error' } : d,
    );
  return { ...result(file, diagnostics, options), ...(notes.length > 0 ? { notes } : {}) };
}

const vendorList = (file: string) => path.join(path.dirname(file), 'vendor', 'modules.txt');
const hasVendorList = (file: string) => existsSync(vendorList(file));

/** replace-unused from vendor/modules.txt beside the module file, when the project vendors: no network. */
async function unusedByVendorList(file: string, text: string): Promise<CheckResult['diagnostics']> {
  if (!hasVendorList(file)) return [];
  const [{ unusedReplaceDiagnostics }, { parseModFile }] = await Promise.all([
    import('../formats/gomod/core/diagnostics.js'),
    import('../formats/gomod/core/mod-file.js'),
  ]);
  return unusedReplaceDiagnostics(parseModFile(text), readFileSync(vendorList(file), 'utf8'));
}

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
