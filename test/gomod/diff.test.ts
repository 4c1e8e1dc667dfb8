import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortRef } from '../../src/cli/render/refs.js';
import { runCli, tempDir } from '../helpers/cli.js';

const BEFORE = [
  'module github.com/docker/docker',
  '',
  'go 1.22',
  '',
  'require (',
  '\tgithub.com/bumped/x v1.0.0',
  '\tgithub.com/forked/x v1.0.0',
  '\tgithub.com/refork/x v1.0.0',
  '\tgithub.com/unfork/x v1.0.0',
  '\tgithub.com/gone/x v1.0.0',
  ')',
  '',
  'replace github.com/refork/x => github.com/me/x v1.0.1-0.20260101000000-aaaaaaaaaaaa',
  '',
  'replace github.com/unfork/x => github.com/me/unfork v1.0.1-0.20260101000000-bbbbbbbbbbbb',
  '',
].join('\n');

const AFTER = [
  'module github.com/docker/docker',
  '',
  'go 1.22',
  '',
  'require (',
  '\tgithub.com/bumped/x v1.1.0',
  '\tgithub.com/forked/x v1.0.0',
  '\tgithub.com/new/x v0.1.0 // indirect',
  '\tgithub.com/refork/x v1.0.0',
  '\tgithub.com/unfork/x v1.0.0',
  ')',
  '',
  'replace github.com/refork/x => github.com/other/x v1.0.1-0.20260102000000-dddddddddddd',
  '',
  'replace github.com/forked/x => github.com/me/forked v1.0.1-0.20260303101010-cccccccccccc',
  '',
].join('\n');

function moduleProject(): string {
  const dir = tempDir('vendorfork-moddiff-');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'a',
        GIT_AUTHOR_EMAIL: 'a@b',
        GIT_COMMITTER_NAME: 'a',
        GIT_COMMITTER_EMAIL: 'a@b',
      },
    });
  git('init', '-q');
  writeFileSync(path.join(dir, 'vendor.mod'), BEFORE);
  git('add', '-A');
  git('commit', '-q', '-m', 'before');
  writeFileSync(path.join(dir, 'vendor.mod'), AFTER);
  return dir;
}

describe('vendorfork diff on a module file', () => {
  it('gives each kind of row in text, a pseudo-version as its commit and date', async () => {
    const cwd = moduleProject();
    const result = await runCli(['diff'], { cwd, env: { PATH: process.env.PATH, HOME: cwd } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'vendor.mod: 6 entries changed (HEAD → working tree)',
        '',
        'Moved to a fork',
        '  github.com/forked/x  v1.0.0 → cccccccccccc (2026-03-03) via me/forked',
        '',
        'Fork changed',
        '  github.com/refork/x  aaaaaaaaaaaa (2026-01-01) via me/x → dddddddddddd (2026-01-02) via other/x',
        '',
        'Back to upstream',
        '  github.com/unfork/x  bbbbbbbbbbbb (2026-01-01) via me/unfork → v1.0.0',
        '',
        'Ref changed',
        '  github.com/bumped/x  v1.0.0 → v1.1.0',
        '',
        'Added',
        '  github.com/new/x     v0.1.0',
        '',
        'Removed',
        '  github.com/gone/x    v1.0.0',
        '',
      ].join('\n'),
    );
  });

  it('in markdown and JSON, with the field names of the vendor.conf diff', async () => {
    const cwd = moduleProject();
    const env = { PATH: process.env.PATH, HOME: cwd };
    const markdown = await runCli(['diff', '--format', 'markdown'], { cwd, env });
    expect(markdown.stdout).toContain(
      '| `github.com/forked/x` | moved to a fork | `v1.0.0` | `cccccccccccc (2026-03-03)` ([me/forked](https://github.com/me/forked)) |',
    );
    const json = JSON.parse((await runCli(['diff', '--format', 'json'], { cwd, env })).stdout);
    expect(json.changes.find((c: { kind: string }) => c.kind === 'forked')).toEqual({
      kind: 'forked',
      importPath: 'github.com/forked/x',
      old: { importPath: 'github.com/forked/x', ref: 'v1.0.0', line: 7 },
      new: {
        importPath: 'github.com/forked/x',
        ref: 'v1.0.1-0.20260303101010-cccccccccccc',
        repository: 'github.com/me/forked',
        line: 15,
      },
    });
  });

  it('shows pseudo-versions short, and leaves other refs alone', () => {
    expect(shortRef('v20.10.3-0.20220720171342-a60b458179aa+incompatible')).toBe('a60b458179aa (2022-07-20)');
    expect(shortRef('v0.0.0-20231114231320-17963a0166d6')).toBe('17963a0166d6 (2023-11-14)');
    expect(shortRef('v1.1.0-rc.1.0.20231114231320-17963a0166d6')).toBe('17963a0166d6 (2023-11-14)');
    expect(shortRef('v1.2.3')).toBe('v1.2.3');
    expect(shortRef('0123456789abcdef0123456789abcdef01234567')).toBe('0123456789ab');
  });
});
