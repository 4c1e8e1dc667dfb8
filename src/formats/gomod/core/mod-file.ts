import type { RequirementMove } from '../../../manifest/entry.js';
/**
 * go.mod and moby's vendor.mod, as a lossless syntax tree: every physical line kept as it was read, so
 * the file prints back byte for byte, and an edit rewrites only the lines it must. The grammar is
 * golang.org/x/mod/modfile's: directives (`verb tokens...`), blocks (`verb (` ... `)`), `//` comments,
 * quoted paths. No I/O.
 */

interface RawLine {
  /** The line without its line ending. */
  text: string;
  /** '\n', '\r\n', or '' for a last line with none. */
  eol: string;
}

/** One line's tokens and its comment (with the `//`), as modfile's lexer splits them. */
interface LexedLine {
  tokens: string[];
  /** 1-based column of each token. */
  columns: number[];
  comment?: string;
}

/** A directive, alone on its line or one line of a block. */
export interface ModLine {
  verb: string;
  /** The tokens after the verb. */
  tokens: string[];
  /** 1-based column of each of those tokens. */
  columns: number[];
  comment?: string;
  /** 0-based index of its physical line. */
  index: number;
  /** The block it is in: the index of the `verb (` line. */
  block?: number;
}

export interface Requirement {
  path: string;
  version: string;
  indirect: boolean;
  /** 1-based line number. */
  line: number;
}

export interface Replacement {
  oldPath: string;
  oldVersion?: string;
  /** A module path, or a directory (./api) for a local replacement. */
  newPath: string;
  newVersion?: string;
  line: number;
  /** 1-based columns of the old path, the new path and the new version. */
  columns: { oldPath: number; newPath: number; newVersion?: number };
}

const TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[()]|[^\s()"`]+/g;

function lex(text: string): LexedLine {
  let code = text;
  let comment: string | undefined;
  // The first // outside a quoted string starts the comment.
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === '`') quote = char;
    else if (char === '/' && text[i + 1] === '/') {
      code = text.slice(0, i);
      comment = text.slice(i).trimEnd();
      break;
    }
  }
  const tokens: string[] = [];
  const columns: number[] = [];
  for (const match of code.matchAll(TOKEN)) {
    tokens.push(match[0]);
    columns.push(match.index + 1);
  }
  return { tokens, columns, ...(comment !== undefined ? { comment } : {}) };
}

/** A token as the path it stands for: quotes removed. */
function unquote(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token.startsWith('"')) return JSON.parse(token) as string;
  return token;
}

/** A path as modfile writes it: quoted only when it must be (modfile.AutoQuote). */
function quote(path: string): string {
  return /^[^\s"'`()/]*(?:\/[^\s"'`()]*)*$/.test(path) && !path.includes('//') && path !== ''
    ? path
    : JSON.stringify(path);
}

const isRequire = (d: ModLine) => d.verb === 'require' && d.tokens.length >= 2;

export class ModFile {
  private lines: RawLine[];

  constructor(text: string) {
    this.lines = [];
    const pattern = /([^\r\n]*)(\r\n|\n|$)/g;
    for (const match of text.matchAll(pattern)) {
      if (match[0] === '' && match.index === text.length) break;
      this.lines.push({ text: match[1]!, eol: match[2]! });
    }
  }

  toString(): string {
    return this.lines.map((line) => line.text + line.eol).join('');
  }

  /** The line ending most lines use, for lines an edit adds. */
  private get eol(): string {
    const crlf = this.lines.filter((l) => l.eol === '\r\n').length;
    return crlf > this.lines.length / 2 ? '\r\n' : '\n';
  }

  /**
   * directives(), kept until an edit changes the lines: every getter reads them, and a moby-sized file has
   * hundreds. Every change to `lines` must clear it: an edit that reads directives() after another edit
   * (adoptRequirements raising several lines, removeLines reading them before it rebuilds) would otherwise
   * write at the old line numbers and columns.
   */
  private parsed: ModLine[] | undefined;

  /** Every directive, in file order, with the block it belongs to. */
  directives(): ModLine[] {
    return (this.parsed ??= this.parseDirectives());
  }

  private parseDirectives(): ModLine[] {
    const found: ModLine[] = [];
    let block: { verb: string; index: number } | undefined;
    this.lines.forEach((line, index) => {
      const { tokens, columns, comment } = lex(line.text);
      if (tokens.length === 0) return;
      const extra = comment ? { comment } : {};
      if (block) {
        if (tokens.length === 1 && tokens[0] === ')') block = undefined;
        else found.push({ verb: block.verb, tokens, columns, ...extra, index, block: block.index });
        return;
      }
      if (tokens.length === 2 && tokens[1] === '(') {
        block = { verb: tokens[0]!, index };
        return;
      }
      found.push({ verb: tokens[0]!, tokens: tokens.slice(1), columns: columns.slice(1), ...extra, index });
    });
    return found;
  }

  get module(): string | undefined {
    const line = this.directives().find((d) => d.verb === 'module');
    return line?.tokens[0] === undefined ? undefined : unquote(line.tokens[0]);
  }

  /** The `go` directive's version: the language version the module is written for. */
  get goVersion(): string | undefined {
    return this.directives().find((d) => d.verb === 'go')?.tokens[0];
  }

  get requirements(): Requirement[] {
    return this.directives()
      .filter((d) => d.verb === 'require' && d.tokens.length >= 2)
      .map((d) => ({
        path: unquote(d.tokens[0]!),
        version: d.tokens[1]!,
        indirect: /^\/\/\s*indirect\b/.test(d.comment ?? ''),
        line: d.index + 1,
      }));
  }

  get replacements(): Replacement[] {
    const found: Replacement[] = [];
    for (const d of this.directives()) {
      if (d.verb !== 'replace') continue;
      const arrow = d.tokens.indexOf('=>');
      if (arrow !== 1 && arrow !== 2) continue;
      const [newPath, newVersion] = d.tokens.slice(arrow + 1);
      if (newPath === undefined) continue;
      found.push({
        oldPath: unquote(d.tokens[0]!),
        ...(arrow === 2 ? { oldVersion: d.tokens[1]! } : {}),
        newPath: unquote(newPath),
        ...(newVersion !== undefined ? { newVersion } : {}),
        line: d.index + 1,
        columns: {
          oldPath: d.columns[0]!,
          newPath: d.columns[arrow + 1]!,
          ...(newVersion !== undefined ? { newVersion: d.columns[arrow + 2]! } : {}),
        },
      });
    }
    return found;
  }

  /**
   * `go mod edit -replace OLD=NEW@VERSION`, as Go 1.26 writes it on a formatted file: the first replacement
   * of OLD (any version) is rewritten in place to `OLD => NEW VERSION`, its comment kept, and any other
   * replacement of OLD is removed; with none, `replace OLD => NEW VERSION` is added at the end of the file.
   * A local directory as NEW takes no version. `comment` (vendorfork's --comment) replaces the line's
   * `//` comment, null removes it; the go command has no such option.
   */
  setReplace(oldPath: string, newPath: string, newVersion?: string, comment?: string | null): void {
    const tokens = [quote(oldPath), '=>', quote(newPath), ...(newVersion ? [newVersion] : [])];
    const matching = this.replacementLines(oldPath);
    const asComment = (text: string | undefined) => (text ? ` // ${text.replace(/^\/\/\s*/, '')}` : '');
    if (matching.length === 0) {
      this.append(`replace ${tokens.join(' ')}${asComment(comment ?? undefined)}`);
      return;
    }
    const [first, ...rest] = matching;
    const raw = this.lines[first!.index]!;
    const indent = /^\s*/.exec(raw.text)![0];
    const head = first!.block === undefined ? `${indent}replace ` : indent;
    const kept = comment === undefined ? (first!.comment ? ` ${first!.comment}` : '') : asComment(comment ?? undefined);
    raw.text = `${head}${tokens.join(' ')}${kept}`;
    this.parsed = undefined;
    this.removeLines(rest);
  }

  /**
   * `go mod edit -dropreplace OLD[@VERSION]`: the replacement of exactly OLD (with that version on its left
   * side, or none); true when there was one.
   */
  dropReplace(oldPath: string, oldVersion?: string): boolean {
    const matching = this.replacementLines(oldPath).filter((d) =>
      oldVersion === undefined ? d.tokens[1] === '=>' : d.tokens[1] === oldVersion,
    );
    this.removeLines(matching);
    return matching.length > 0;
  }

  /**
   * What go changed in the requirements, applied to this file and nothing else: `go` is the file as a go
   * command (`go mod tidy`, `go get`) rewrote it. A require line whose version go changed gets go's
   * version, the rest of the line as it was; a requirement go added is added where go put it (after the
   * requirement go wrote before it, else before the one after it, with that neighbour's indentation); a
   * `go` directive go raised is raised. go's other changes (a requirement it dropped, an `// indirect` it
   * moved, its formatting) are not taken: every other line stays byte for byte. Returns the version moves.
   */
  adoptRequirements(go: ModFile): RequirementMove[] {
    const moves: RequirementMove[] = [];
    const ours = () =>
      new Map(
        this.directives()
          .filter(isRequire)
          .map((d) => [unquote(d.tokens[0]!), d]),
      );
    const theirs = go.directives().filter(isRequire);
    for (const [at, line] of theirs.entries()) {
      const [path, version] = [unquote(line.tokens[0]!), line.tokens[1]!];
      const mine = ours().get(path);
      if (mine) {
        if (mine.tokens[1] === version) continue;
        const raw = this.lines[mine.index]!;
        const column = mine.columns[1]! - 1;
        raw.text = raw.text.slice(0, column) + version + raw.text.slice(column + mine.tokens[1]!.length);
        this.parsed = undefined;
        moves.push({ path, from: mine.tokens[1]!, to: version });
        continue;
      }
      this.insertRequirement(line, theirs, at, ours());
      moves.push({ path, to: version });
    }
    const goLine = this.directives().find((d) => d.verb === 'go');
    const goVersion = go.goVersion;
    if (goLine && goVersion && goLine.tokens[0] !== goVersion) {
      const raw = this.lines[goLine.index]!;
      const column = goLine.columns[0]! - 1;
      raw.text = raw.text.slice(0, column) + goVersion + raw.text.slice(column + goLine.tokens[0]!.length);
      this.parsed = undefined;
    }
    return moves;
  }

  /** A requirement go added, placed beside the neighbour go gave it, in its block or as a line of its own. */
  private insertRequirement(line: ModLine, theirs: ModLine[], at: number, ours: Map<string, ModLine>): void {
    const sameBlock = (other: ModLine | undefined) =>
      other !== undefined && other.block !== undefined && other.block === line.block;
    const before = sameBlock(theirs[at - 1]) ? ours.get(unquote(theirs[at - 1]!.tokens[0]!)) : undefined;
    const after = sameBlock(theirs[at + 1]) ? ours.get(unquote(theirs[at + 1]!.tokens[0]!)) : undefined;
    const neighbour = before ?? after;
    const body = `${line.tokens.join(' ')}${line.comment ? ` ${line.comment}` : ''}`;
    if (neighbour && neighbour.block !== undefined) {
      const indent = /^\s*/.exec(this.lines[neighbour.index]!.text)![0];
      const eol = this.lines[neighbour.index]!.eol || this.eol;
      this.lines.splice(before ? neighbour.index + 1 : neighbour.index, 0, { text: `${indent}${body}`, eol });
      this.parsed = undefined;
      return;
    }
    this.append(`require ${body}`);
  }

  private replacementLines(oldPath: string): ModLine[] {
    return this.directives().filter(
      (d) => d.verb === 'replace' && d.tokens[0] !== undefined && unquote(d.tokens[0]) === oldPath,
    );
  }

  /** A directive of its own at the end, after a blank line (as modfile appends a statement). */
  private append(text: string): void {
    this.parsed = undefined;
    const eol = this.eol;
    const last = this.lines.at(-1);
    if (last && last.eol === '') last.eol = eol;
    while (this.lines.length > 0 && this.lines.at(-1)!.text.trim() === '') this.lines.pop();
    if (this.lines.length > 0) this.lines.push({ text: '', eol });
    this.lines.push({ text, eol });
  }

  /**
   * Removes directives' lines as modfile does: the comment lines right above a directive belong to it
   * and go with it; a block left with one directive becomes that directive on a line of its own, and a
   * block left empty goes; and no two blank lines are left in a row where something was taken out.
   */
  private removeLines(lines: ModLine[]): void {
    if (lines.length === 0) return;
    this.parsed = undefined;
    const commentOnly = (index: number) => {
      const lexed = lex(this.lines[index]!.text);
      return lexed.tokens.length === 0 && lexed.comment !== undefined;
    };
    const drop = new Set<number>();
    for (const line of lines) {
      drop.add(line.index);
      for (let above = line.index - 1; above >= 0 && commentOnly(above); above--) drop.add(above);
    }
    const replacedBy = new Map<number, string[]>();
    const directives = this.directives();
    for (const block of new Set(lines.flatMap((l) => (l.block === undefined ? [] : [l.block])))) {
      const remaining = directives.filter((d) => d.block === block && !drop.has(d.index));
      if (remaining.length > 1) continue;
      let close = block + 1;
      while (close < this.lines.length && lex(this.lines[close]!.text).tokens.join(' ') !== ')') close++;
      for (let index = block; index <= close; index++) drop.add(index);
      const only = remaining[0];
      if (!only) continue;
      // Its own comment lines come out of the block with it, unindented, above it.
      const above: string[] = [];
      for (let index = only.index - 1; index > block && commentOnly(index); index--)
        above.unshift(this.lines[index]!.text.trim());
      replacedBy.set(block, [
        ...above,
        `${only.verb} ${only.tokens.join(' ')}${only.comment ? ` ${only.comment}` : ''}`,
      ]);
    }
    const rebuilt: RawLine[] = [];
    let seam = false;
    this.lines.forEach((line, index) => {
      const replacement = replacedBy.get(index);
      if (replacement !== undefined) {
        for (const text of replacement) rebuilt.push({ text, eol: line.eol });
        return;
      }
      if (drop.has(index)) {
        seam = true;
        return;
      }
      if (seam && line.text.trim() === '' && (rebuilt.length === 0 || rebuilt.at(-1)!.text.trim() === '')) return;
      seam = false;
      rebuilt.push(line);
    });
    while (seam && rebuilt.length > 0 && rebuilt.at(-1)!.text.trim() === '') rebuilt.pop();
    this.lines = rebuilt;
    // directives() was read above, from the lines as they were.
    this.parsed = undefined;
  }
}

/** Parses a go.mod or vendor.mod. Never throws: what it cannot read stays as text, and prints back. */
export function parseModFile(text: string): ModFile {
  return new ModFile(text);
}

/** Module path → the module path each replace points it at: what a dependency's own fork pins are compared with. */
export function replacementTargets(file: ModFile): Map<string, string> {
  return new Map(file.replacements.map((r) => [r.oldPath, r.newPath]));
}
