import { describe, expect, it } from 'vitest';
import { parse, type Entry } from '../../src/formats/vendor-conf/core/index.js';
import { corpusFiles } from '../helpers/corpus.js';

const NEW_SHA = '0123456789abcdef0123456789abcdef01234567';

const pick = ({ importPath, ref, repository, comment, line }: Entry) => ({
  importPath,
  ref,
  repository,
  comment,
  line,
});

function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, index) => (line === b[index] ? [] : [index + 1]));
}

describe('editing every entry of every corpus file', () => {
  const files = corpusFiles();

  it.each(files.map((file) => [file.name, file] as const))(
    '%s: setting a ref changes exactly that line',
    (_name, file) => {
      const entries = parse(file.text).entries;
      const seen = new Set<string>();
      for (const entry of entries) {
        // With a duplicated import path, set() edits the first; the later one is a reported error.
        if (seen.has(entry.importPath)) continue;
        seen.add(entry.importPath);
        const conf = parse(file.text);
        const updated = conf.set(entry.importPath, { ref: NEW_SHA });
        const output = conf.toString();
        expect(changedLines(file.text, output)).toEqual(entry.ref === NEW_SHA ? [] : [entry.line]);
        expect(pick(updated)).toEqual({ ...pick(entry), ref: NEW_SHA });
        // Everything after the ref that was aligned stays where it was, when there is room.
        const reparsed = parse(output).get(entry.importPath)!;
        if (entry.repository && NEW_SHA.length <= entry.ref.length) {
          expect(reparsed.columns.repository).toBe(entry.columns.repository);
        }
      }
    },
  );

  it.each(files.map((file) => [file.name, file] as const))(
    '%s: forking and unforking an entry changes exactly that line',
    (_name, file) => {
      const [first] = parse(file.text).entries;
      if (!first) return;
      const forked = parse(file.text);
      forked.set(first.importPath, { repository: 'https://github.com/someone/fork' });
      expect(changedLines(file.text, forked.toString())).toEqual(
        first.repository === 'https://github.com/someone/fork' ? [] : [first.line],
      );
      expect(pick(forked.get(first.importPath)!)).toEqual({
        ...pick(first),
        repository: 'https://github.com/someone/fork',
      });
      forked.set(first.importPath, { repository: null });
      expect(forked.get(first.importPath)!.repository).toBeUndefined();
      if (!first.repository) expect(forked.toString()).toBe(file.text);
    },
  );

  it('keeps the count of entries and their order when adding and removing', () => {
    for (const file of files) {
      const conf = parse(file.text);
      const before = conf.entries.map((e) => e.importPath);
      conf.set('github.com/vendorfork/new-dependency', { ref: NEW_SHA });
      const after = conf.entries.map((e) => e.importPath);
      expect(after.length, file.name).toBe(before.length + 1);
      expect(after.filter((p) => p !== 'github.com/vendorfork/new-dependency')).toEqual(before);
      expect(conf.remove('github.com/vendorfork/new-dependency')).toBe(true);
      expect(conf.toString(), file.name).toBe(file.text);
    }
  });
});
