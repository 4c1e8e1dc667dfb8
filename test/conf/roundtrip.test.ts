import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/formats/vendor-conf/core/index.js';
import { corpusFiles } from '../helpers/corpus.js';

describe('round trip', () => {
  const files = corpusFiles();

  it.each(files.map((file) => [file.name, file] as const))('prints %s back byte for byte', (_name, file) => {
    expect(parse(file.text).toString()).toBe(file.text);
  });

  it('finds entries in every corpus file, matching a reference reading of vndr', () => {
    for (const file of files) {
      const expected = referenceEntries(file.text);
      const actual = parse(file.text).entries.map((e) => [e.importPath, e.ref, e.repository ?? null]);
      expect(actual, file.name).toEqual(expected);
    }
  });

  const lineEndings = fc.constantFrom('\n', '\r\n', '\r', '');
  const vendorConfLike = fc
    .array(
      fc.tuple(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              ' ',
              '  ',
              '\t',
              ' \t ',
              '#',
              '# c',
              'github.com/a/b',
              'v1.0.0',
              'https://x/y',
              '\u00a0',
              '\u0085',
              '\ufeff',
              '\r',
            ),
            fc.string({ unit: 'binary', maxLength: 6 }),
          ),
          { maxLength: 8 },
        ),
        lineEndings,
      ),
      { maxLength: 12 },
    )
    .map((lines) => lines.map(([parts, eol]) => parts.join('') + eol).join(''));

  it('prints any string back and never throws (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(vendorConfLike, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' })),
        (text) => {
          const conf = parse(text);
          expect(conf.toString()).toBe(text);
          expect(() => conf.diagnostics).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with the reference reading of vndr on generated input (property)', () => {
    fc.assert(
      fc.property(vendorConfLike, (text) => {
        const parsed = parse(text);
        const valid = parsed.entries.map((e) => [e.importPath, e.ref, e.repository ?? null]);
        const invalidLines = parsed.lines.filter((l) => l.syntax.fields.length > 0 && !l.isEntry).length;
        const reference = referenceReading(text);
        expect(valid).toEqual(reference.entries);
        expect(invalidLines).toBe(reference.invalid);
      }),
      { numRuns: 3000 },
    );
  });

  it('handles the edge cases by name', () => {
    for (const text of [
      '',
      '\n',
      '\r\n',
      '\r',
      'a b',
      'a b\r',
      'a b\r\r\n',
      '  # only\n',
      '\t\n \n',
      'a\u00a0b\n',
      '\ufeffa b\n',
      'a b c d e\n',
    ]) {
      expect(parse(text).toString()).toBe(text);
    }
  });
});

// An independent transcription of vndr's parseDeps (clone.go), written the
// plain way: scan lines, TrimSpace, skip comments, cut at '#', Fields.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
function referenceReading(text: string): { entries: (string | null)[][]; invalid: number } {
  const entries: (string | null)[][] = [];
  let invalid = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let raw of lines) {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let line = trimGo(raw);
    if (line === '' || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    if (hash > 0) line = trimGo(line.slice(0, hash));
    const parts = line.split(GO_SPACE).filter(Boolean);
    if (parts.length === 2 || parts.length === 3) entries.push([parts[0]!, parts[1]!, parts[2] ?? null]);
    else invalid++;
  }
  return { entries, invalid };
}
function trimGo(text: string): string {
  return text.replace(new RegExp(`^(?:${GO_SPACE.source})|(?:${GO_SPACE.source})$`, 'g'), '');
}
function referenceEntries(text: string): (string | null)[][] {
  return referenceReading(text).entries;
}
