import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModFile } from '../../src/formats/gomod/core/mod-file.js';
import { corpusRoot } from '../helpers/corpus.js';
import { goBinary } from '../helpers/vndr.js';

const gomod = path.join(corpusRoot, 'gomod');
const files = readdirSync(gomod)
  .filter((name) => name.endsWith('.mod'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(gomod, name), 'utf8') }));

/** The go command's own edit of the same text: `go mod edit ARGS FILE`, offline (it reads and writes one file). */
function goModEdit(dir: string, text: string, ...args: string[]): string {
  const file = path.join(dir, 'edit.mod');
  writeFileSync(file, text);
  execFileSync(goBinary(), ['mod', 'edit', ...args, file], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPATH: path.join(dir, 'gopath') },
    stdio: 'pipe',
  });
  return readFileSync(file, 'utf8');
}

const FORK = 'github.com/someone/fork';
const PSEUDO = 'v0.0.0-20260101000000-abcdefabcdef';

describe('go.mod and vendor.mod, losslessly', () => {
  it('reads the 50 corpus files, 21 of them with replacements', () => {
    expect(files).toHaveLength(50);
    const withReplace = files.filter((f) => parseModFile(f.text).replacements.length > 0);
    expect(withReplace).toHaveLength(21);
    // moby's vendor.mod carried up to 25 of them.
    expect(Math.max(...files.map((f) => parseModFile(f.text).replacements.length))).toBeGreaterThanOrEqual(20);
    for (const f of files) expect(parseModFile(f.text).requirements.length, f.name).toBeGreaterThan(10);
  });

  it.for(files.map((f) => [f.name, f.text] as const))('%s prints back byte for byte', ([, text]) => {
    expect(parseModFile(text).toString()).toBe(text);
    const crlf = text.replace(/\n/g, '\r\n');
    expect(parseModFile(crlf).toString()).toBe(crlf);
    expect(parseModFile(text.trimEnd()).toString()).toBe(text.trimEnd());
  });

  it('reads requirements with their indirect markers, and local replacements', () => {
    const file = parseModFile(
      'module github.com/moby/moby/v2\n\ngo 1.24\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.2.0 // indirect\n)\n\nreplace github.com/moby/moby/api => ./api\n\nreplace github.com/a/b v1.0.0 => github.com/me/b v1.0.1-0.20200101000000-abcdefabcdef // fork\n',
    );
    expect(file.module).toBe('github.com/moby/moby/v2');
    expect(file.requirements).toEqual([
      { path: 'github.com/a/b', version: 'v1.0.0', indirect: false, line: 6 },
      { path: 'github.com/c/d', version: 'v1.2.0', indirect: true, line: 7 },
    ]);
    expect(file.replacements).toEqual([
      { oldPath: 'github.com/moby/moby/api', newPath: './api', line: 10, columns: { oldPath: 9, newPath: 37 } },
      {
        oldPath: 'github.com/a/b',
        oldVersion: 'v1.0.0',
        newPath: 'github.com/me/b',
        newVersion: 'v1.0.1-0.20200101000000-abcdefabcdef',
        line: 12,
        columns: { oldPath: 9, newPath: 34, newVersion: 50 },
      },
    ]);
  });
});

describe('edits equal what `go mod edit` writes, over the corpus', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-gomod-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const { name, text } of files) {
    const file = parseModFile(text);
    const replaced = file.replacements[0]?.oldPath;
    const plain = file.requirements.find((r) => !file.replacements.some((p) => p.oldPath === r.path))!.path;
    it(`${name}: a new replacement of ${plain}`, () => {
      const edited = parseModFile(text);
      edited.setReplace(plain, FORK, PSEUDO);
      expect(edited.toString()).toBe(goModEdit(dir, text, `-replace=${plain}=${FORK}@${PSEUDO}`));
    });
    if (!replaced) continue;
    it(`${name}: ${replaced}'s replacement changed, then dropped`, () => {
      const changed = parseModFile(text);
      changed.setReplace(replaced, FORK, PSEUDO);
      expect(changed.toString()).toBe(goModEdit(dir, text, `-replace=${replaced}=${FORK}@${PSEUDO}`));
      const dropped = parseModFile(text);
      expect(dropped.dropReplace(replaced)).toBe(true);
      expect(dropped.toString()).toBe(goModEdit(dir, text, `-dropreplace=${replaced}`));
    });
  }

  it.for([
    ['no replacement yet', 'module example.com/m\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n\n// trailing comment\n'],
    [
      'one replacement line',
      'module example.com/m\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/c/d => ./d // local\n',
    ],
    [
      'two versioned replacements of the module',
      'module example.com/m\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/a/b v1.0.0 => github.com/x/b v1.0.0\n\nreplace github.com/a/b v1.1.0 => github.com/y/b v1.0.0\n',
    ],
    [
      'a block holding it, with a comment',
      'module example.com/m\n\nreplace (\n\tgithub.com/a/b v1.0.0 => github.com/old/b v1.0.0 // why\n\tgithub.com/c/d => ./d\n)\n\nrequire github.com/a/b v1.0.0\n',
    ],
  ] as const)('%s', ([, text]) => {
    const set = parseModFile(text);
    set.setReplace('github.com/a/b', 'github.com/me/b', 'v1.0.1');
    expect(set.toString()).toBe(goModEdit(dir, text, '-replace=github.com/a/b=github.com/me/b@v1.0.1'));
    const drop = parseModFile(text);
    drop.dropReplace('github.com/a/b');
    expect(drop.toString()).toBe(goModEdit(dir, text, '-dropreplace=github.com/a/b'));
  });

  it('a file with no final newline: the new line as go writes it; nothing to drop, nothing touched', () => {
    // Not gofmt-formatted (go mod edit rewrites any file it reads with a final newline): only the edit counts.
    const text = 'module example.com/m\n\nrequire github.com/a/b v1.0.0';
    const set = parseModFile(text);
    set.setReplace('github.com/a/b', 'github.com/me/b', 'v1.0.1');
    expect(set.toString()).toBe(goModEdit(dir, text, '-replace=github.com/a/b=github.com/me/b@v1.0.1'));
    const drop = parseModFile(text);
    expect(drop.dropReplace('github.com/a/b')).toBe(false);
    expect(drop.toString()).toBe(text);
  });

  it('--comment: a comment on the replace line, set, kept or removed; go reads the line the same', () => {
    const text = 'module example.com/m\n\nrequire github.com/a/b v1.0.0\n';
    const added = parseModFile(text);
    added.setReplace('github.com/a/b', 'github.com/me/b', 'v1.0.1', 'https://github.com/a/b/pull/7');
    expect(added.toString()).toBe(
      `${text}\nreplace github.com/a/b => github.com/me/b v1.0.1 // https://github.com/a/b/pull/7\n`,
    );
    const kept = parseModFile(added.toString());
    kept.setReplace('github.com/a/b', 'github.com/me/b', 'v1.0.2');
    expect(kept.toString()).toContain(
      'replace github.com/a/b => github.com/me/b v1.0.2 // https://github.com/a/b/pull/7\n',
    );
    const removed = parseModFile(kept.toString());
    removed.setReplace('github.com/a/b', 'github.com/me/b', 'v1.0.2', null);
    expect(removed.toString()).toBe(`${text}\nreplace github.com/a/b => github.com/me/b v1.0.2\n`);
    // The comment is a comment to go: the replacement it reads is the same.
    const json = (t: string) => {
      writeFileSync(path.join(dir, 'comment.mod'), t);
      const env = { PATH: process.env.PATH, HOME: dir, GOTOOLCHAIN: 'local', GOFLAGS: '' };
      return JSON.parse(
        execFileSync(goBinary(), ['mod', 'edit', '-json', path.join(dir, 'comment.mod')], { env, encoding: 'utf8' }),
      ).Replace;
    };
    expect(json(kept.toString())).toEqual(json(removed.toString()));
  });
});

describe("go's requirement changes taken back onto the file equal go mod edit -require's, over the corpus", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-adopt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The next patch of a plain vX.Y.Z, as go would raise it; undefined for other versions. */
  const next = (version: string) => {
    const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(version);
    return match ? `v${match[1]}.${match[2]}.${Number(match[3]) + 1}` : undefined;
  };
  it.each(files.map((f) => [f.name, f.text] as const))(
    '%s: a raised version in place, a new requirement where go puts it, nothing else',
    (_name, text) => {
      const raised = parseModFile(text).requirements.filter((r) => next(r.version) !== undefined);
      const edits = [...raised.slice(0, 1), ...raised.slice(-1)].map((r) => `-require=${r.path}@${next(r.version)}`);
      const goText = goModEdit(dir, text, ...edits, '-require=example.com/added/module@v1.2.3');
      const ours = parseModFile(text);
      const moves = ours.adoptRequirements(parseModFile(goText));
      expect(ours.toString()).toBe(goText);
      expect(moves).toContainEqual({ path: 'example.com/added/module', to: 'v1.2.3' });
      expect(moves.filter((m) => m.from !== undefined)).toHaveLength(new Set(edits).size);
    },
  );
});
