/**
 * vendorfork's library API: a lossless vendor.conf syntax tree with typed
 * entries, edits that change only the lines they must, and diagnostics.
 * No I/O: read and write the file yourself.
 */
export * from './conf/index.js';
export { check, type CheckOptions, type CheckResult } from './commands/check.js';
export { UserError, ExitCode } from './errors.js';
