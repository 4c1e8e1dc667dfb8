/** A dependency as every format gives it to the commands and the resolver: vendor.conf's line, or a module's
 * requirement or replacement read the same way (a ref git knows, a fork's repository URL). */
export interface Entry {
  importPath: string;
  ref: string;
  /** The third field: the repository to clone instead of the import path's own (a fork). */
  repository?: string;
  /** The inline comment's text, without the "#" and the spaces around it. */
  comment?: string;
  /** 1-based line number. */
  line: number;
  /** 1-based columns of each field. */
  columns: { importPath: number; ref: number; repository?: number; comment?: number };
}

/**
 * An entry as set and reset report it, whatever the format: vendor.conf's line, or a module's
 * requirement or replacement (`ref` its version, `repository` the replacement path).
 */
export type EditedEntry = Pick<Entry, 'importPath' | 'ref' | 'repository' | 'comment' | 'line'> &
  Partial<Pick<Entry, 'columns'>>;

/** A requirement whose version a go command changed, or (without `from`) one it added. */
export interface RequirementMove {
  path: string;
  from?: string;
  to: string;
}
