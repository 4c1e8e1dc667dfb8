import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModFile } from '../../src/formats/gomod/core/mod-file.js';
import { diffModFiles } from '../../src/formats/gomod/core/semantic-diff.js';
import { corpusRoot } from '../helpers/corpus.js';
import { goBinary } from '../helpers/vndr.js';

const gomod = path.join(corpusRoot, 'gomod');
const history = (prefix: string) =>
  readdirSync(gomod)
    .filter((name) => name.startsWith(prefix))
    .sort();

interface GoModJson {
  Require: { Path: string; Version: string }[] | null;
  Replace: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
}

/** The go command's own reading of a file: go mod edit -json (offline; reads the one file). */
function goJson(name: string): GoModJson {
  const out = execFileSync(goBinary(), ['mod', 'edit', '-json', path.join(gomod, name)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as GoModJson;
}

/** Independently of vendorfork: the modules whose requirement or replacements differ between two readings by go. */
function changedByGo(a: GoModJson, b: GoModJson): string[] {
  const key = (json: GoModJson) => {
    const modules = new Map<string, string[]>();
    const add = (module: string, what: string) => modules.set(module, [...(modules.get(module) ?? []), what].sort());
    for (const r of json.Require ?? []) add(r.Path, `require ${r.Version}`);
    for (const r of json.Replace ?? [])
      add(r.Old.Path, `replace ${r.Old.Version ?? ''} => ${r.New.Path} ${r.New.Version ?? ''}`);
    return modules;
  };
  const [ka, kb] = [key(a), key(b)];
  return [...new Set([...ka.keys(), ...kb.keys()])]
    .filter((module) => JSON.stringify(ka.get(module)) !== JSON.stringify(kb.get(module)))
    .sort();
}

const changedByUs = (a: string, b: string) =>
  diffModFiles(
    parseModFile(readFileSync(path.join(gomod, a), 'utf8')),
    parseModFile(readFileSync(path.join(gomod, b), 'utf8')),
  )
    .map((row) => row.importPath)
    .sort();

describe('the module diff', () => {
  it('gives each kind of row, in the vendor.conf diff fields, and ignores what is no change', () => {
    const before = parseModFile(
      [
        'module example.com/m',
        '',
        'require (',
        '\tgithub.com/bumped/x v1.0.0',
        '\tgithub.com/forked/x v1.0.0',
        '\tgithub.com/refork/x v1.0.0',
        '\tgithub.com/unfork/x v1.0.0',
        '\tgithub.com/gone/x v1.0.0',
        '\tgithub.com/same/x v1.0.0',
        ')',
        '',
        'replace github.com/refork/x => github.com/me/x v1.0.1-0.20260101000000-aaaaaaaaaaaa',
        '',
        'replace github.com/unfork/x => github.com/me/unfork v1.0.1-0.20260101000000-bbbbbbbbbbbb',
        '',
      ].join('\n'),
    );
    const after = parseModFile(
      [
        'module example.com/m',
        '',
        '// layout and markers are not changes',
        'require github.com/same/x v1.0.0 // indirect',
        '',
        'require (',
        '\tgithub.com/new/x v0.1.0',
        '\tgithub.com/unfork/x v1.0.0',
        '\tgithub.com/refork/x v1.0.0',
        '\tgithub.com/forked/x v1.0.0',
        '\tgithub.com/bumped/x v1.1.0',
        ')',
        '',
        'replace github.com/forked/x => github.com/me/forked v1.0.1-0.20260101000000-cccccccccccc',
        '',
        'replace github.com/refork/x => github.com/other/x v1.0.1-0.20260102000000-dddddddddddd',
        '',
      ].join('\n'),
    );
    const rows = diffModFiles(before, after);
    expect(Object.fromEntries(rows.map((row) => [row.importPath, row.kind]))).toEqual({
      'github.com/bumped/x': 'ref',
      'github.com/forked/x': 'forked',
      'github.com/refork/x': 'fork-changed',
      'github.com/unfork/x': 'unforked',
      'github.com/gone/x': 'removed',
      'github.com/new/x': 'added',
    });
    expect(rows.find((row) => row.kind === 'forked')).toEqual({
      kind: 'forked',
      importPath: 'github.com/forked/x',
      old: { importPath: 'github.com/forked/x', ref: 'v1.0.0', line: 5 },
      new: {
        importPath: 'github.com/forked/x',
        ref: 'v1.0.1-0.20260101000000-cccccccccccc',
        repository: 'github.com/me/forked',
        line: 14,
      },
    });
  });

  const moby = history('moby-vendor__');
  const pairs = [
    [moby[0]!, moby.at(-1)!],
    ...moby.slice(1).map((name, i) => [moby[i]!, name]),
    ...history('cli-vendor__')
      .slice(1)
      .map((name, i, all) => [i === 0 ? history('cli-vendor__')[0]! : all[i - 1]!, name]),
  ] as [string, string][];

  it.for(pairs)('%s → %s: exactly the modules whose require or replace differs in go mod edit -json', ([a, b]) => {
    const expected = changedByGo(goJson(a), goJson(b));
    expect(expected.length).toBeGreaterThan(0);
    expect(changedByUs(a, b)).toEqual(expected);
  });
});
