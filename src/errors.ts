/** Exit codes, shared by every command so scripts can rely on them. */
export const ExitCode = {
  Ok: 0,
  /** The command ran and found problems (check errors, a diff under --exit-code). */
  Findings: 1,
  /** Bad input: a usage error, a missing file, a value vendorfork refuses. */
  UserError: 2,
  /** Nothing found wrong, but not everything could be checked (verify with the network gone, say). */
  Incomplete: 3,
  /** A bug or an environment failure nobody anticipated: printed with its stack. */
  Internal: 70,
  /** Stopped by Ctrl-C (128 + SIGINT), after putting everything back. */
  Interrupted: 130,
  /** Stopped by SIGTERM (128 + SIGTERM), after putting everything back. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on. The CLI prints its message as one line,
 * without a stack trace, and exits with its code. Anything else is a bug.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.UserError,
  ) {
    super(message);
  }
}
