import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pseudoVersionProblem } from '../../src/formats/gomod/core/diagnostics.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { corpusRoot } from '../helpers/corpus.js';

const gomod = path.join(corpusRoot, 'gomod');

function moduleProject(files: Record<string, string>): string {
  const dir = tempDir('vendorfork-modcheck-');
  execFileSync('git', ['init', '-q', dir]);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('vendorfork check on go.mod and vendor.mod', () => {
  it('finds nothing wrong in any of the 50 real files', async () => {
    const names = readdirSync(gomod).filter((name) => name.endsWith('.mod'));
    expect(names).toHaveLength(50);
    for (const name of names) {
      const result = await runCli(['check', '--file', path.join(gomod, name), '--json'], { cwd: gomod });
      expect(JSON.parse(result.stdout).diagnostics, name).toEqual([]);
      expect(result.code, name).toBe(0);
    }
  });

  it('reports a /vN replacement without /vN, and a pseudo-version go would refuse, by line and column', async () => {
    const cwd = moduleProject({
      'vendor.mod': [
        'module github.com/docker/docker',
        '',
        'require (',
        '\tgithub.com/moby/swarmkit/v2 v2.0.0',
        '\tgithub.com/acme/lib v1.0.0',
        ')',
        '',
        'replace github.com/moby/swarmkit/v2 => github.com/me/swarmkit v2.0.1-0.20260101000000-abcdefabcdef',
        '',
        'replace github.com/acme/lib => github.com/me/lib v1.0.1-0.20261399000000-abcdefabcdef',
        '',
        'replace github.com/moby/moby/api => ./api',
        '',
      ].join('\n'),
    });
    const result = await runCli(['check'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'vendor.mod:8:40: error replace-major-suffix github.com/moby/swarmkit/v2 is a v2 module, so its replacement\'s path needs /v2 too: go refuses github.com/me/swarmkit ("go.mod has post-v0 module path"); write github.com/me/swarmkit/v2',
        'vendor.mod:10:50: error pseudo-version-malformed v1.0.1-0.20261399000000-abcdefabcdef is not a pseudo-version go accepts: its timestamp 20261399000000 is no date and time (yyyymmddhhmmss, UTC); let go write it (go mod edit -replace github.com/acme/lib=github.com/me/lib@COMMIT, then go mod tidy), or vendorfork set',
        'vendor.mod: 2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('knows a pseudo-version from a version that only looks like one', () => {
    expect(pseudoVersionProblem('v0.0.0-20231114231320-17963a0166d6')).toBeUndefined();
    expect(pseudoVersionProblem('v1.1.0-rc.1.0.20231114231320-17963a0166d6')).toBeUndefined();
    expect(pseudoVersionProblem('v20.10.3-0.20220720171342-a60b458179aa+incompatible')).toBeUndefined();
    expect(pseudoVersionProblem('v1.2.3')).toBeUndefined();
    expect(pseudoVersionProblem('v0.0.0-20231114231320-17963A0166D6')).toMatch(/not the first 12 lowercase hex/);
    expect(pseudoVersionProblem('v0.0.0-20231114231320-17963a0166')).toMatch(/not the first 12 lowercase hex/);
    expect(pseudoVersionProblem('v0.0.0-20230230000000-17963a0166d6')).toMatch(/no date and time/);
  });

  it('is found in a module project, after vendor.conf in the same folder', async () => {
    const modOnly = moduleProject({ 'go.mod': 'module example.com/m\n\ngo 1.22\n' });
    expect(await runCli(['check'], { cwd: modOnly })).toEqual({
      code: 0,
      stdout: '✓ go.mod: no problems\n',
      stderr: '',
    });
    const both = moduleProject({ 'go.mod': 'module example.com/m\n', 'vendor.conf': 'github.com/a/b v1.0.0\n' });
    expect((await runCli(['check'], { cwd: both })).stdout).toBe('✓ vendor.conf: no problems\n');
  });
});

describe('set on a module file, refused before any network or go', () => {
  const mod =
    'module github.com/docker/docker\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/a/b => ./b\n';

  it('a module the file does not require, and one replaced by a local directory, each in one line', async () => {
    const cwd = moduleProject({ 'vendor.mod': mod });
    const env = { PATH: '/nonexistent' };
    expect(await runCli(['set', 'github.com/c/d', 'me/d@v1.0.1'], { cwd, env })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'vendorfork: github.com/c/d is not required in vendor.mod: add it first (go get github.com/c/d@VERSION, then go mod vendor), then point it at the fork\n',
    });
    expect(await runCli(['set', 'b', 'me/b@v1.0.1'], { cwd, env })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'vendorfork: vendor.mod:7:27: github.com/a/b is replaced by the local directory ./b, which vendorfork does not move: edit that line by hand\n',
    });
  });
});
