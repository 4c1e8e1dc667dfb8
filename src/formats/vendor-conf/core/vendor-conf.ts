import { diagnose, type Diagnostic } from './diagnostics.js';
import { advance, pad } from './layout.js';
import { ConfLine } from './conf-line.js';
import { splitLines, tokenizeLine, type LineEnding, type LineSyntax } from './syntax.js';
import type { Entry } from '../../../manifest/entry.js';
import { forkTarget } from '../../../manifest/import-path.js';

export interface EntryChange {
  ref?: string;
  /** A URL to point at a fork; `null` drops the third field, back to upstream. */
  repository?: string | null;
  /** Text of the inline comment (written as "# text"); `null` removes it. */
  comment?: string | null;
}

export { ConfLine } from './conf-line.js';

/**
 * A parsed vendor.conf that prints back exactly what it was given, and edits
 * only the lines an edit must touch. Modelled on golang.org/x/mod/modfile.
 */
export class VendorConf {
  readonly lines: ConfLine[];

  constructor(lines: ConfLine[]) {
    this.lines = lines;
  }

  get entries(): Entry[] {
    const entries: Entry[] = [];
    this.lines.forEach((line, index) => {
      if (line.isEntry) entries.push(toEntry(line, index + 1));
    });
    return entries;
  }

  /** Everything vndr would reject (errors) and what is likely a mistake (warnings), in line order. */
  get diagnostics(): Diagnostic[] {
    return diagnose(this);
  }

  /** The line ending most lines use, for lines this edit adds. */
  get lineEnding(): '\n' | '\r\n' {
    let crlf = 0;
    let lf = 0;
    for (const line of this.lines) {
      if (line.syntax.eol === '\r\n') crlf++;
      else if (line.syntax.eol === '\n') lf++;
    }
    return crlf > lf ? '\r\n' : '\n';
  }

  /** Import path → the ref it is pinned at: what a dependency's own pins are compared with. */
  get pins(): Map<string, string> {
    return new Map(this.entries.map((entry) => [entry.importPath, entry.ref]));
  }

  get(importPath: string): Entry | undefined {
    const index = this.indexOf(importPath);
    return index === -1 ? undefined : toEntry(this.lines[index]!, index + 1);
  }

  /**
   * Updates the entry in place, or adds it next to related entries when it is
   * not there. Returns the entry as it now reads.
   */
  set(importPath: string, change: EntryChange): Entry {
    const index = this.indexOf(importPath);
    if (index !== -1) {
      this.lines[index]!.syntax = this.updatedSyntax(index, change);
      return toEntry(this.lines[index]!, index + 1);
    }
    if (change.ref === undefined) throw new Error(`cannot add ${importPath} without a ref`);
    const at = this.insertionIndex(importPath);
    this.insertLine(at, this.newLineSyntax(at, importPath, change.ref));
    this.lines[at]!.syntax = this.updatedSyntax(at, { repository: change.repository, comment: change.comment });
    return toEntry(this.lines[at]!, at + 1);
  }

  /** Removes the entry's line; returns whether there was one. */
  remove(importPath: string): boolean {
    const index = this.indexOf(importPath);
    if (index === -1) return false;
    const [removed] = this.lines.splice(index, 1);
    // Keep a file without a final newline without one.
    if (index === this.lines.length && index > 0 && removed!.syntax.eol === '') {
      this.lines[index - 1]!.syntax.eol = '';
    }
    return true;
  }

  toString(): string {
    let text = '';
    for (const line of this.lines) text += line.print();
    return text;
  }

  private indexOf(importPath: string): number {
    return this.lines.findIndex((line) => line.isEntry && line.syntax.fields[0] === importPath);
  }

  /**
   * Rebuilds one line with new field values. Every separator is re-padded so
   * that whatever followed it starts at the same display column as before,
   * which leaves single-space lines alone and keeps aligned columns aligned.
   */
  private updatedSyntax(index: number, change: EntryChange): LineSyntax {
    const line = this.lines[index]!;
    const old = line.syntax;
    const oldColumns = line.displayColumns();
    const fields = [...old.fields];
    const separatorModels = [...old.separators];
    const targets = oldColumns.fields.slice(1);
    if (change.ref !== undefined) fields[1] = change.ref;
    if (change.repository === null && fields.length === 3) {
      fields.pop();
      separatorModels.pop();
      targets.pop();
    } else if (typeof change.repository === 'string') {
      if (fields.length === 3) {
        fields[2] = change.repository;
      } else {
        const model = this.repositoryColumnModel(index);
        fields.push(change.repository);
        separatorModels.push(model.separator);
        targets.push(model.column);
      }
    }

    let comment = old.comment;
    let trailingModel = old.trailing;
    let commentTarget = oldColumns.comment;
    if (change.comment === null) {
      comment = '';
      trailingModel = '';
    } else if (change.comment !== undefined) {
      comment = `# ${change.comment}`;
      if (old.comment === '') {
        const model = this.commentColumnModel(index);
        trailingModel = model.separator;
        commentTarget = model.column;
      }
    }

    const separators: string[] = [];
    let column = advance(0, old.indent);
    fields.forEach((field, i) => {
      if (i > 0) {
        const separator = pad(separatorModels[i - 1]!, column, targets[i - 1]!);
        separators.push(separator);
        column = advance(column, separator);
      }
      column = advance(column, field);
    });
    const trailing =
      comment === '' ? (change.comment === null ? '' : old.trailing) : pad(trailingModel, column, commentTarget);
    return { indent: old.indent, fields, separators, trailing, comment, eol: old.eol };
  }

  /** How the nearest line with a third field separates and places it; one space when no line has one. */
  private repositoryColumnModel(index: number): { separator: string; column: number } {
    const neighbour = this.nearest(index, (line) => line.syntax.fields.length === 3);
    if (!neighbour) return { separator: ' ', column: 0 };
    return { separator: neighbour.syntax.separators[1]!, column: neighbour.displayColumns().fields[2]! };
  }

  private commentColumnModel(index: number): { separator: string; column: number } {
    const neighbour = this.nearest(index, (line) => line.isEntry && line.syntax.comment !== '');
    if (!neighbour || neighbour.syntax.trailing === '') return { separator: ' ', column: 0 };
    return { separator: neighbour.syntax.trailing, column: neighbour.displayColumns().comment };
  }

  /** The closest other line, searching outward in both directions, that satisfies `test`. */
  private nearest(index: number, test: (line: ConfLine) => boolean): ConfLine | undefined {
    for (let distance = 1; distance < this.lines.length; distance++) {
      for (const candidate of [index - distance, index + distance]) {
        const line = this.lines[candidate];
        if (line && candidate !== index && test(line)) return line;
      }
    }
    return undefined;
  }

  /**
   * Where a maintainer would put a new entry: among the entries that share
   * the longest owner-level prefix (`github.com/docker/...`), in sorted order
   * within them; otherwise in sorted position if the file is sorted; else at
   * the end of the entries.
   */
  private insertionIndex(importPath: string): number {
    const entries = this.lines.flatMap((line, index) =>
      line.isEntry ? [{ path: line.syntax.fields[0]!, index }] : [],
    );
    if (entries.length === 0) return this.lines.length;
    const segments = importPath.split('/');
    let best = 0;
    for (const entry of entries) best = Math.max(best, sharedSegments(segments, entry.path.split('/')));
    const candidates =
      best >= 2
        ? entries.filter((entry) => sharedSegments(segments, entry.path.split('/')) === best)
        : isSorted(entries.map((e) => e.path))
          ? entries
          : [];
    if (candidates.length === 0) return entries[entries.length - 1]!.index + 1;
    const before = candidates.filter((entry) => entry.path < importPath);
    if (before.length === 0) return candidates[0]!.index;
    return before[before.length - 1]!.index + 1;
  }

  private insertLine(at: number, syntax: LineSyntax): void {
    const appendingAfterUnterminatedLine = at === this.lines.length && at > 0 && this.lines[at - 1]!.syntax.eol === '';
    if (appendingAfterUnterminatedLine) {
      this.lines[at - 1]!.syntax.eol = this.lineEnding;
      syntax.eol = '';
    }
    this.lines.splice(at, 0, new ConfLine(syntax));
  }

  /** A two-field line laid out like the entry it will sit beside. */
  private newLineSyntax(at: number, importPath: string, ref: string): LineSyntax {
    const neighbour =
      [this.lines[at - 1], this.lines[at]].find((line) => line?.isEntry) ?? this.nearest(at, (line) => line.isEntry);
    const eol = this.lineEnding;
    if (!neighbour) return { indent: '', fields: [importPath, ref], separators: [' '], trailing: '', comment: '', eol };
    const model = neighbour.syntax;
    const start = advance(0, model.indent);
    const separator = pad(model.separators[0]!, advance(start, importPath), neighbour.displayColumns().fields[1]!);
    return { indent: model.indent, fields: [importPath, ref], separators: [separator], trailing: '', comment: '', eol };
  }
}

function sharedSegments(a: string[], b: string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) count++;
  return count;
}

function isSorted(paths: string[]): boolean {
  return paths.every((path, index) => index === 0 || paths[index - 1]! <= path);
}

function toEntry(line: ConfLine, lineNumber: number): Entry {
  const { fields, comment } = line.syntax;
  const columns = line.columns();
  const entry: Entry = {
    importPath: fields[0]!,
    ref: fields[1]!,
    line: lineNumber,
    columns: { importPath: columns.fields[0]!, ref: columns.fields[1]! },
  };
  if (fields.length === 3) {
    entry.repository = fields[2]!;
    entry.columns.repository = columns.fields[2]!;
  }
  if (comment !== '') {
    entry.comment = comment.replace(/^#+/, '').trim();
    entry.columns.comment = columns.comment;
  }
  return entry;
}

/** Parses any string; never throws. `toString()` gives the input back byte for byte. */
export function parse(text: string): VendorConf {
  return new VendorConf(
    splitLines(text).map(({ content, eol }) => new ConfLine(tokenizeLine(content, eol as LineEnding))),
  );
}

/** Import path → the fork each entry with a third field points at, keyed as forkTarget keys it. */
export function forkTargets(entries: readonly Entry[]): Map<string, string> {
  return new Map(entries.flatMap((e) => (e.repository ? [[e.importPath, forkTarget(e.repository)]] : [])));
}
