/**
 * Column arithmetic for edits. Maintainers align vendor.conf columns with runs
 * of spaces or with tabs; an edit must keep an aligned column where it was
 * and must not touch single-space layouts.
 */

const TAB_WIDTH = 8;

/** The display column (0-based) reached after printing `text` from `column`, with tab stops every 8 columns like gofmt and most editors. */
export function advance(column: number, text: string): number {
  let at = column;
  for (const char of text) {
    at = char === '\t' ? (Math.floor(at / TAB_WIDTH) + 1) * TAB_WIDTH : at + 1;
  }
  return at;
}

/**
 * A separator to put between something ending at display column `from` and
 * something that should start at `target`, in the style of `model`:
 * a single space is a plain separator and is kept as it is; a run of spaces,
 * or anything with a tab (even one tab lands on a tab stop), is padding
 * towards a column and is rebuilt to reach `target`. When `target` cannot be
 * reached, one space or tab.
 */
export function pad(model: string, from: number, target: number): string {
  if (model.length <= 1 && model !== '\t') return model;
  if (!model.includes('\t')) return ' '.repeat(Math.max(1, target - from));
  let column = from;
  let out = '';
  for (;;) {
    const nextStop = (Math.floor(column / TAB_WIDTH) + 1) * TAB_WIDTH;
    if (nextStop > target) break;
    out += '\t';
    column = nextStop;
  }
  out += ' '.repeat(Math.max(0, target - column));
  return out || '\t';
}
