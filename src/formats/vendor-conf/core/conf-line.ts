import { advance } from './layout.js';
import { fieldColumns, printLine, type LineSyntax } from './syntax.js';

/** One line of vendor.conf, over its lossless syntax. */
export class ConfLine {
  constructor(public syntax: LineSyntax) {}

  get isEntry(): boolean {
    return this.syntax.fields.length === 2 || this.syntax.fields.length === 3;
  }

  print(): string {
    return printLine(this.syntax);
  }

  columns(): { fields: number[]; comment: number } {
    return fieldColumns(this.syntax);
  }

  /** Display column (0-based, tabs expanded) where each field, and the comment, starts. */
  displayColumns(): { fields: number[]; comment: number } {
    const { indent, fields, separators, trailing } = this.syntax;
    const starts: number[] = [];
    let column = advance(0, indent);
    fields.forEach((field, index) => {
      if (index > 0) column = advance(column, separators[index - 1]!);
      starts.push(column);
      column = advance(column, field);
    });
    return { fields: starts, comment: advance(column, trailing) };
  }
}
