import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goModFormat } from '../../src/formats/gomod/index.js';
import { corpusRoot } from '../helpers/corpus.js';
import { goBinary } from '../helpers/vndr.js';

const gomod = path.join(corpusRoot, 'gomod');
const names = readdirSync(gomod).filter((name) => name.endsWith('.mod'));

interface GoModJson {
  Replace: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
}

// What status, check --online and diff read of a module file: its modules as fork entries or not. The
// oracle is go's own reading of the same file (go mod edit -json): a fork is a replace by another module
// path at a version; a local directory or a module replaced by itself is not one.
describe('module files as the resolver reads them, over the corpus', () => {
  it.for(names)('%s: the forks are the replaces by another module at a version, as go reads them', (name) => {
    const text = readFileSync(path.join(gomod, name), 'utf8');
    const json = JSON.parse(
      execFileSync(goBinary(), ['mod', 'edit', '-json', path.join(gomod, name)], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GOTOOLCHAIN: 'local', GOFLAGS: '' },
        encoding: 'utf8',
      }),
    ) as GoModJson;
    const expected = (json.Replace ?? [])
      .filter((r) => r.New.Version !== undefined && r.New.Path !== r.Old.Path)
      .map((r) => r.Old.Path)
      .sort();
    const entries = goModFormat.entries(text);
    expect(
      entries
        .filter((e) => e.repository)
        .map((e) => e.importPath)
        .sort(),
    ).toEqual(expected);
    for (const entry of entries) expect(entry.ref, entry.importPath).not.toBe('');
  });

  it('reads moby’s fork of gocsi (vendor.mod, 2022) as a fork at its tag', () => {
    const withFork = names.filter((name) =>
      readFileSync(path.join(gomod, name), 'utf8').includes('github.com/dperny/gocsi'),
    );
    expect(withFork.length).toBeGreaterThan(0);
    const entry = goModFormat
      .entries(readFileSync(path.join(gomod, withFork[0]!), 'utf8'))
      .find((e) => e.importPath === 'github.com/rexray/gocsi');
    expect(entry).toMatchObject({ repository: 'https://github.com/dperny/gocsi', ref: 'v1.2.3-pre' });
  });
});
