import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';

// The library API scripts use: the same commands as the CLI, on either format, returning data.
describe('the library API', () => {
  it('exports every command as a function of options, and the module file reader', () => {
    for (const name of ['set', 'reset', 'sync', 'diff', 'status', 'verify', 'check', 'parse', 'parseModFile'])
      expect(typeof (library as Record<string, unknown>)[name], name).toBe('function');
  });

  it('diff on a module file returns the rows the CLI prints, with the vendor.conf field names', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-library-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', args, {
          cwd: dir,
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_AUTHOR_NAME: 'a',
            GIT_AUTHOR_EMAIL: 'a@b',
            GIT_COMMITTER_NAME: 'a',
            GIT_COMMITTER_EMAIL: 'a@b',
          },
        });
      git('init', '-q');
      writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\nrequire github.com/a/b v1.0.0\n');
      git('add', '-A');
      git('commit', '-q', '-m', 'one');
      writeFileSync(
        path.join(dir, 'go.mod'),
        'module example.com/m\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/a/b => github.com/me/b v1.0.1\n',
      );
      const result = await library.diff({ cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
      expect(result.changes).toEqual([
        {
          kind: 'forked',
          importPath: 'github.com/a/b',
          old: { importPath: 'github.com/a/b', ref: 'v1.0.0', line: 3 },
          new: { importPath: 'github.com/a/b', ref: 'v1.0.1', repository: 'github.com/me/b', line: 5 },
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
