import { githubRepositoryOfUrl, knownRoot, vndrRoot } from '../../../manifest/import-path.js';
import type { Entry } from '../../../manifest/entry.js';
import type { ConfLine } from './conf-line.js';
import { plural } from '../../../text/plural.js';

import type { Severity } from '../../../manifest/diagnostic.js';

export type { Severity };

/**
 * Stable codes: scripts and editors match on them, so a code is never renamed
 * or reused. docs/format.md lists each one with an example.
 */
export type DiagnosticCode =
  | 'field-count'
  | 'trash-dialect'
  | 'line-too-long'
  | 'comment-in-field'
  | 'duplicate-import-path'
  | 'duplicate-root'
  | 'not-repository-root'
  | 'unsafe-value'
  | 'git-protocol-url'
  | 'scp-url'
  | 'scheme-less-url'
  | 'file-url'
  | 'branch-ref'
  | 'short-sha'
  | 'truncated-sha'
  | 'redundant-repository'
  // From `check --online`, which asks GitHub.
  | 'fork-missing'
  | 'ref-missing'
  | 'ref-unreachable'
  | 'fork-outside-network';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

// bufio.Scanner's default buffer: a longer line makes vndr fail with "token too long".
const MAX_LINE_BYTES = 64 * 1024;

const BRANCH_NAMES = new Set(['master', 'main', 'develop', 'development', 'dev', 'trunk', 'HEAD', 'gh-pages']);
const BRANCH_PATTERN = /^(release|feature|fix|bugfix|hotfix)[-/]|^release$/;
const HEX = /^[0-9a-f]+$/;

export function diagnose(conf: {
  readonly lines: readonly ConfLine[];
  readonly entries: readonly Entry[];
}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Severity, code: DiagnosticCode, message: string, line: number, column: number) =>
    diagnostics.push({ severity, code, message, line, column });

  const encoder = new TextEncoder();
  const trashLines = new Set<number>();
  let firstEntryLine = true;
  conf.lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const { syntax } = line;
    if (syntax.fields.length === 0) return;
    const columns = line.columns();
    const text = line.print();
    // A UTF-16 code unit is at most 3 UTF-8 bytes: only lines that could be that long get encoded (the check runs on every commit).
    const contentLength = text.length * 3 < MAX_LINE_BYTES ? 0 : encoder.encode(text).length - syntax.eol.length;
    if (contentLength >= MAX_LINE_BYTES) {
      report(
        'error',
        'line-too-long',
        `line is ${contentLength} bytes; vndr cannot read lines of 64 KiB or more`,
        lineNumber,
        1,
      );
    }
    const isFirst = firstEntryLine;
    firstEntryLine = false;
    const trash = trashDialect(syntax.fields, isFirst);
    if (trash) {
      trashLines.add(lineNumber);
      report(
        'error',
        'trash-dialect',
        `${trash}; this is trash syntax, which vndr rejects: remove it or keep the file for trash`,
        lineNumber,
        columns.fields[0]!,
      );
      return;
    }
    if (syntax.comment !== '' && syntax.trailing === '') {
      const lastField = syntax.fields[syntax.fields.length - 1]!;
      report(
        'warning',
        'comment-in-field',
        `the "#" right after ${lastField} starts a comment, so vndr ignores "${syntax.comment}": put a space before "#" if that is meant`,
        lineNumber,
        columns.comment,
      );
    }
    if (line.isEntry) return;
    report(
      'error',
      'field-count',
      `expected "IMPORT_PATH REF [REPOSITORY]" but found ${plural(syntax.fields.length, 'field')}; a "#" anywhere starts a comment`,
      lineNumber,
      columns.fields[Math.min(3, syntax.fields.length - 1)]!,
    );
  });

  const byPath = new Map<string, number>();
  const byRoot = new Map<string, { importPath: string; line: number }>();
  for (const entry of conf.entries) {
    if (trashLines.has(entry.line)) continue;
    const previous = byPath.get(entry.importPath);
    if (previous !== undefined) {
      report(
        'error',
        'duplicate-import-path',
        `${entry.importPath} is already listed on line ${previous}; vndr rejects duplicates: keep one`,
        entry.line,
        entry.columns.importPath,
      );
    } else {
      byPath.set(entry.importPath, entry.line);
    }

    for (const [value, column, what] of [
      [entry.importPath, entry.columns.importPath, 'import path'],
      [entry.ref, entry.columns.ref, 'ref'],
      [entry.repository, entry.columns.repository, 'repository'],
    ] as const) {
      if (value !== undefined && column !== undefined && unsafe(value)) {
        report(
          'error',
          'unsafe-value',
          `${what} ${JSON.stringify(value)} could be read by git as an option or a remote helper: write a plain value`,
          entry.line,
          column,
        );
      }
    }

    const known = knownRoot(entry.importPath);
    // The table is scanned once per entry: this runs in the pre-commit hook.
    const root = vndrRoot(entry.importPath, known);
    if (root !== undefined && root !== entry.importPath) {
      report(
        'error',
        'not-repository-root',
        `${entry.importPath} is not a repository root; vndr wants ${root}`,
        entry.line,
        entry.columns.importPath,
      );
    }
    if (root !== undefined && previous === undefined) {
      const sameRoot = byRoot.get(root);
      if (sameRoot) {
        report(
          'error',
          'duplicate-root',
          `${entry.importPath} has the same repository root (${root}) as ${sameRoot.importPath} on line ${sameRoot.line}; vndr wants one entry per repository`,
          entry.line,
          entry.columns.importPath,
        );
      } else {
        byRoot.set(root, { importPath: entry.importPath, line: entry.line });
      }
    }

    checkRef(entry.ref, (severity, code, message) => report(severity, code, message, entry.line, entry.columns.ref));
    if (entry.repository !== undefined) {
      // Only a github.com import path clones from GitHub itself; a vanity path pointed at its GitHub mirror is a real choice.
      const ownRepository = entry.importPath.startsWith('github.com/') ? known?.github : undefined;
      checkRepository(entry.repository, ownRepository, (severity, code, message) =>
        report(severity, code, message, entry.line, entry.columns.repository!),
      );
    }
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

function trashDialect(fields: string[], isFirstEntryLine: boolean): string | undefined {
  if (fields[0] === '-path') return 'a "-path" line excludes a package';
  // trash's first line names the project itself: one field, shaped like an import path.
  if (fields.length === 1 && isFirstEntryLine && /^[a-z0-9.-]+\.[a-z]+\//.test(fields[0]!))
    return 'a bare package line names the project';
  if (fields.length === 4 || (fields.length === 3 && /^[a-z]+=/.test(fields[2]!))) {
    return `"${fields[fields.length - 1]}" is a field of options`;
  }
  return undefined;
}

/** Values git could take as an option (`-u...`, `--upload-pack=`) or a remote helper (`ext::sh -c ...`). */
function unsafe(value: string): boolean {
  return value.startsWith('-') || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(value);
}

type Report = (severity: Severity, code: DiagnosticCode, message: string) => void;

function checkRef(ref: string, report: Report): void {
  if (BRANCH_NAMES.has(ref) || BRANCH_PATTERN.test(ref)) {
    report('warning', 'branch-ref', `ref ${ref} looks like a branch, which moves: pin a tag or a full SHA`);
  } else if (HEX.test(ref) && ref.length > 40) {
    report('warning', 'truncated-sha', `ref ${ref} is ${ref.length} hex characters, longer than a SHA-1: check it`);
  } else if (HEX.test(ref) && ref.length >= 25 && ref.length < 40) {
    report(
      'warning',
      'truncated-sha',
      `ref ${ref} is ${ref.length} hex characters, almost surely a truncated SHA: pin all 40`,
    );
  } else if (HEX.test(ref) && ref.length >= 4 && ref.length < 25 && /[a-f]/.test(ref) && /[0-9]/.test(ref)) {
    report(
      'warning',
      'short-sha',
      `ref ${ref} is an abbreviated SHA, which can become ambiguous: pin all 40 characters`,
    );
  }
}

function checkRepository(url: string, upstream: string | undefined, report: Report): void {
  if (url.startsWith('git://')) {
    report(
      'warning',
      'git-protocol-url',
      `${url} uses git://, which GitHub no longer serves and current vndr rejects: use https://`,
    );
  } else if (/^[^/:@]+@[^/:]+:/.test(url)) {
    report(
      'warning',
      'scp-url',
      `${url} is an scp-style SSH address, which current vndr rejects and CI cannot clone without a key: use https://`,
    );
  } else if (url.startsWith('file://') || url.startsWith('/') || url.startsWith('.')) {
    report('warning', 'file-url', `${url} is a local path, which works only on this machine`);
  } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    report(
      'warning',
      'scheme-less-url',
      `${url} has no scheme; vndr v0.1.2 hands it to git clone as it is: write https://${url}`,
    );
  }
  const repository = githubRepositoryOfUrl(url);
  if (repository && upstream && repository.toLowerCase() === upstream.toLowerCase()) {
    report('warning', 'redundant-repository', `${url} is the import path's own repository; drop the third field`);
  }
}
