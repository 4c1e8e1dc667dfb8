import { describe, expect, it } from 'vitest';
import { vndrMissing } from '../../src/formats/vendor-conf/core/vndr-keeps.js';

// A pinned tree, paths relative to the entry's root, as vndr v0.1.2's clean.go sees it.
const TREE = [
  'LICENSE',
  'README.md',
  'Makefile',
  'go.mod',
  'a/a.go',
  'a/a_linux.s',
  'a/a_test.go',
  'a/gen.go',
  'a/doc.md',
  'a/NOTICE',
  'a/testdata/x.go',
  'a/.hidden.go',
  'a/_old.go',
  'a/c/lib.h',
  'b/b.go',
  'b/LICENSE',
  'vendor/x/x.go',
  'sub/deep/d.go',
];

describe('vndrMissing: the files vndr would keep that vendor/ lacks', () => {
  it('keeps a package directory whole, and licences wherever a directory survives', () => {
    expect(vndrMissing(TREE, ['a/a.go'], { ignored: new Set(['a/gen.go']) })).toEqual({
      missing: ['LICENSE', 'README.md', 'a/NOTICE', 'a/a_linux.s', 'go.mod'],
      undecided: [],
    });
  });

  it('asks about a missing .go file that may be build-ignored, unless vndr kept those bytes before', () => {
    expect(vndrMissing(TREE, ['a/a.go', 'a/a_linux.s', 'LICENSE', 'README.md', 'go.mod', 'a/NOTICE'])).toEqual({
      missing: [],
      undecided: ['a/gen.go'],
    });
    expect(
      vndrMissing(TREE, ['a/a.go', 'a/a_linux.s', 'LICENSE', 'README.md', 'go.mod', 'a/NOTICE'], {
        keptBefore: (file) => file === 'a/gen.go',
      }).missing,
    ).toEqual(['a/gen.go']);
  });

  it("takes a directory that is gone for vndr's pruning, and a directory of only a licence for a parent's", () => {
    // b/ and sub/ gone (nothing imports them), a/ whole: nothing missing.
    const vendored = ['LICENSE', 'README.md', 'go.mod', 'a/a.go', 'a/a_linux.s', 'a/NOTICE'];
    expect(vndrMissing(TREE, vendored, { ignored: new Set(['a/gen.go']) })).toEqual({ missing: [], undecided: [] });
    // sub/deep kept: sub/ survives but holds nothing vndr keeps; b/LICENSE is gone with b/.
    expect(vndrMissing(TREE, [...vendored, 'sub/deep/d.go'], { ignored: new Set(['a/gen.go']) }).missing).toEqual([]);
  });

  it('says nothing of an entry with nothing vendored (the caller names its directory)', () => {
    expect(vndrMissing(TREE, [])).toEqual({ missing: [], undecided: [] });
  });
});

describe('a directory vndr would not leave', () => {
  it('names the Go files of a directory left with licences only (vndr removes such a directory whole)', () => {
    // github.com/armon/go-radix: radix.go, LICENSE, README.md at the root, nothing below.
    const tree = ['radix.go', 'radix_test.go', 'LICENSE', 'README.md', '.travis.yml'];
    expect(vndrMissing(tree, ['LICENSE', 'README.md'], { keptBefore: () => true }).missing).toEqual(['radix.go']);
    // With Go kept below, the root's licences are what vndr keeps of a directory that is not a package.
    expect(
      vndrMissing([...tree, 'sub/s.go'], ['LICENSE', 'README.md', 'sub/s.go'], { keptBefore: () => true }).missing,
    ).toEqual([]);
  });

  it('names a Go file deleted from a package directory below a root left with licences only', () => {
    // moby's hashicorp/golang-lru (2018): LICENSE and README.md at the root, one package, simplelru/lru.go.
    const tree = ['LICENSE', 'README.md', 'simplelru/lru.go'];
    expect(vndrMissing(tree, ['LICENSE', 'README.md'], { keptBefore: () => true }).missing).toEqual([
      'simplelru/lru.go',
    ]);
    // Another package still vendored: simplelru/ gone is vndr's pruning of a package nothing imports.
    expect(
      vndrMissing([...tree, 'arc.go'], ['LICENSE', 'README.md', 'arc.go'], { keptBefore: () => true }).missing,
    ).toEqual([]);
  });
});
