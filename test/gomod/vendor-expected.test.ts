import { describe, expect, it } from 'vitest';
import {
  expectedModuleFiles,
  goVersionAtLeast,
  shouldBuildAnyTags,
  type DirEntry,
  type ModuleSource,
} from '../../src/formats/gomod/core/vendor-expected.js';

/** A module directory held in memory: paths relative to its root. */
function memorySource(files: Record<string, string>): ModuleSource {
  return {
    list(dir: string): DirEntry[] | undefined {
      const prefix = dir ? `${dir}/` : '';
      const entries = new Map<string, DirEntry['kind']>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        entries.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? 'file' : 'dir');
      }
      return entries.size > 0 ? [...entries].map(([name, kind]) => ({ name, kind })) : undefined;
    },
    read: (file) => (file in files ? Buffer.from(files[file]!) : undefined),
  };
}

describe('build constraints, as go mod vendor reads them (every tag but ignore)', () => {
  it.each([
    ['package a\n', true],
    ['//go:build ignore\n\npackage main\n', false],
    ['//go:build !ignore\n\npackage a\n', true],
    ['//go:build linux && !linux\n\npackage a\n', true],
    ['//go:build ignore || linux\n\npackage a\n', true],
    ['//go:build ignore && linux\n\npackage a\n', false],
    ['// +build ignore\n\npackage main\n', false],
    ['// +build linux,ignore darwin\n\npackage a\n', true],
    ['// +build ignore\npackage main\n', true], // no blank line after it: not a constraint
    ['package a\n\n//go:build ignore\n', true], // after the package clause
    ['/* header */\n//go:build ignore\n\npackage main\n', false],
    ['//go:build linux,amd64\n\npackage a\n', false], // go cannot parse it
    ['//go:build linux\n//go:build ignore\n\npackage a\n', false], // two lines
  ])('%j builds: %s', (text, builds) => {
    expect(shouldBuildAnyTags(text)).toBe(builds);
  });

  it('compares go versions by their numbers', () => {
    expect(goVersionAtLeast('1.17', '1.17')).toBe(true);
    expect(goVersionAtLeast('1.16', '1.17')).toBe(false);
    expect(goVersionAtLeast('1.22.0', '1.22')).toBe(true);
    expect(goVersionAtLeast('1.9', '1.17')).toBe(false);
    expect(goVersionAtLeast('1.21rc1', '1.22')).toBe(false);
  });
});

describe('expectedModuleFiles', () => {
  const files = {
    'go.mod': 'module example.com/m\n',
    LICENSE: 'l',
    'README.md': 'r',
    'x/COPYING.txt': 'c',
    'x/y/y.go': 'package y\n',
    'x/y/y_test.go': 'package y\n',
    'x/y/go.sum': '',
    'x/y/asm_amd64.s': '',
    'x/y/gen.go': '//go:build ignore\n\npackage main\n',
    'x/y/sub/z.go': 'package z\n',
    'e/e.go':
      'package e\n\nimport (\n\t"embed"\n)\n\n//go:embed static-files "quoted name.txt" all:hidden\nvar F embed.FS\n',
    'e/e_test.go': 'package e\n\nimport _ "embed"\n\n//go:embed testdata/t.txt\nvar T string\n',
    'e/static-files/a.txt': 'a',
    'e/static-files/.dot': 'd',
    'e/static-files/_under': 'u',
    'e/static-files/deep/b.txt': 'b',
    'e/static-files/other/go.mod': 'module other\n',
    'e/static-files/other/o.txt': 'o',
    'e/quoted name.txt': 'q',
    'e/hidden/.h': 'h',
    'e/testdata/t.txt': 't',
    'e/unused.txt': 'n',
  };

  it("copies a package's own files, its parents' license files, and nothing of its subdirectories", () => {
    expect(
      [...expectedModuleFiles('example.com/m', ['example.com/m/x/y'], '1.20', memorySource(files))].sort(),
    ).toEqual(['LICENSE', 'x/COPYING.txt', 'x/y/asm_amd64.s', 'x/y/y.go']);
    // Before go 1.17, a package directory's go.mod and go.sum are copied too.
    expect(
      [...expectedModuleFiles('example.com/m', ['example.com/m/x/y'], '1.16', memorySource(files))].sort(),
    ).toContain('x/y/go.sum');
  });

  it('adds the embedded files, test embeds only before go 1.22', () => {
    const embeds = (goVersion: string) =>
      [...expectedModuleFiles('example.com/m', ['example.com/m/e'], goVersion, memorySource(files))].sort();
    expect(embeds('1.22')).toEqual([
      'LICENSE',
      'e/e.go',
      'e/hidden/.h',
      'e/quoted name.txt',
      'e/static-files/a.txt',
      'e/static-files/deep/b.txt',
      'e/unused.txt',
    ]);
    expect(embeds('1.21')).toContain('e/testdata/t.txt');
  });
});
