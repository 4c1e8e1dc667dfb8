import { UserError } from '../../errors.js';
import type { ManifestDiagnostic } from '../../manifest/format.js';
import type { EditOptions, EditResult } from '../../manifest/edit.js';

/** The result every format's edit returns, its fields in one order for the JSON. */
export function editResult(
  options: EditOptions,
  edit: Pick<EditResult, 'file' | 'displayPath' | 'importPath' | 'before' | 'after' | 'pin' | 'changed' | 'patch'>,
  notes: string[],
  ran: Pick<EditResult, 'vndr' | 'build'> = {},
): EditResult {
  const { before, pin } = edit;
  return {
    file: edit.file,
    displayPath: edit.displayPath,
    importPath: edit.importPath,
    ...(before ? { before } : {}),
    after: edit.after,
    pin,
    changed: edit.changed,
    patch: edit.patch,
    dryRun: options.dryRun ?? false,
    warnings: pin.warnings,
    notes: [...(pin.notes ?? []), ...notes],
    ...(ran.vndr ? { vndr: ran.vndr } : {}),
    ...(ran.build ? { build: ran.build } : {}),
  };
}

/** A tool validates the whole file on every run, so an edit on top of an error would only fail later, after a slow clone. */
export function refuseBrokenFile(
  diagnostics: ManifestDiagnostic[],
  shown: string,
  options: { allowFileUrls?: boolean } = {},
): void {
  // A local path handed to git clone reads this machine's files: only when asked for.
  const fatal = (d: ManifestDiagnostic) => d.severity === 'error' || (d.code === 'file-url' && !options.allowFileUrls);
  const error = diagnostics.find(fatal);
  if (error) {
    throw new UserError(
      `${shown}:${error.line}:${error.column}: ${error.code}: ${error.message} (fix this first${error.code === 'file-url' ? ', or pass --allow-file-urls' : ''}; vendorfork check lists every problem)`,
    );
  }
}
