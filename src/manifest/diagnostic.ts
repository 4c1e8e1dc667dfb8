export type Severity = 'error' | 'warning';

/** A finding about a manifest, whatever its format: stable code, one line, where. */
export interface ManifestDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
}

/** The pre-commit guard's own codes, the same for every format: vendor/ against what its tool would write. */
/** Problems that are about vendor/, not a line of vendor.conf; reported against the entry's line, or line 0 (the file). */
export type StagedCode =
  | 'vendor-not-updated'
  | 'vendor-hand-edit'
  /** Files vndr would have kept (it keeps a package's directory whole) missing from vendor/. */
  | 'vendor-hand-deletion'
  | 'vendor-orphan'
  | 'vendor-missing'
  | 'vendor-unverified'
  /** A module file and vendor/modules.txt that disagree (go's "inconsistent vendoring"). */
  | 'vendor-inconsistent';
