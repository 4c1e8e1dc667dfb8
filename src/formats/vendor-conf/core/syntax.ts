/**
 * The lossless layer: a vendor.conf split into lines, each line split into
 * the exact runs of text vndr distinguishes. Printing joins the runs, so any
 * string round-trips byte for byte.
 *
 * vndr reads the file with bufio.Scanner (lines end at "\n", one trailing
 * "\r" dropped), trims each line, skips it when it is empty or starts with
 * "#", cuts it at the first "#" anywhere, and splits the rest with
 * strings.Fields. The tokenizer below mirrors that exactly.
 */

/** Go's unicode.IsSpace, which is what strings.Fields and TrimSpace use (JS's \s differs: it has U+FEFF and lacks U+0085). */
const WHITESPACE_CLASS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WHITESPACE_RUN = new RegExp(`^[${WHITESPACE_CLASS}]*`);
const FIELD_OR_SPACE = new RegExp(`[${WHITESPACE_CLASS}]+|[^${WHITESPACE_CLASS}]+`, 'g');
const ONLY_WHITESPACE = new RegExp(`^[${WHITESPACE_CLASS}]*$`);

export function isWhitespace(text: string): boolean {
  return ONLY_WHITESPACE.test(text);
}

/** How a line ends. "\r" alone only ends the last line, where Go's scanner drops it too. */
export type LineEnding = '\n' | '\r\n' | '\r' | '';

/**
 * One physical line. `fields` are what vndr splits out; everything else is
 * kept verbatim so that `printLine` gives back the source.
 *
 *   indent field0 separators[0] field1 ... trailing comment eol
 */
export interface LineSyntax {
  indent: string;
  fields: string[];
  /** Whitespace between consecutive fields: always fields.length - 1 items (or none). */
  separators: string[];
  /** Whitespace after the last field and before the comment or the end of the line. */
  trailing: string;
  /** From the first "#" to the end of the line, or "" when there is none. */
  comment: string;
  eol: LineEnding;
}

export function splitLines(text: string): { content: string; eol: LineEnding }[] {
  const lines: { content: string; eol: LineEnding }[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      const rest = text.slice(start);
      if (rest.endsWith('\r')) lines.push({ content: rest.slice(0, -1), eol: '\r' });
      else lines.push({ content: rest, eol: '' });
      break;
    }
    const crlf = newline > start && text.charCodeAt(newline - 1) === 13;
    lines.push({
      content: text.slice(start, crlf ? newline - 1 : newline),
      eol: crlf ? '\r\n' : '\n',
    });
    start = newline + 1;
  }
  return lines;
}

export function tokenizeLine(content: string, eol: LineEnding): LineSyntax {
  const hash = content.indexOf('#');
  const code = hash === -1 ? content : content.slice(0, hash);
  const comment = hash === -1 ? '' : content.slice(hash);
  const indent = WHITESPACE_RUN.exec(code)![0];
  const fields: string[] = [];
  const separators: string[] = [];
  let trailing = '';
  for (const [run] of code.slice(indent.length).matchAll(FIELD_OR_SPACE)) {
    if (isWhitespace(run)) {
      trailing = run;
    } else {
      if (fields.length > 0) separators.push(trailing);
      trailing = '';
      fields.push(run);
    }
  }
  return { indent, fields, separators, trailing, comment, eol };
}

export function printLine(line: LineSyntax): string {
  let text = line.indent;
  line.fields.forEach((field, index) => {
    if (index > 0) text += line.separators[index - 1];
    text += field;
  });
  return text + line.trailing + line.comment + line.eol;
}

/** 1-based column of each field, of the comment, in UTF-16 code units (equal to bytes for the ASCII files seen in practice). */
export function fieldColumns(line: LineSyntax): { fields: number[]; comment: number } {
  const columns: number[] = [];
  let offset = line.indent.length;
  line.fields.forEach((field, index) => {
    if (index > 0) offset += line.separators[index - 1]!.length;
    columns.push(offset + 1);
    offset += field.length;
  });
  return { fields: columns, comment: offset + line.trailing.length + 1 };
}
