import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastCheck, parseFastEdit, parseFastVerify, tryFastPath } from '../../src/cli/fast-path.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { GitWorld } from '../helpers/git.js';

// The fast path must be invisible: for every argv it accepts, the output and
// exit code are exactly those of the full yargs CLI.
const ACCEPTED = [
  ['check'],
  ['check', '--json'],
  ['check', '--strict'],
  ['check', '--strict', '--json'],
  ['check', '--file', 'other.conf'],
  ['check', '--file=other.conf', '--strict'],
  ['check', '--color'],
  ['check', '--no-color'],
  ['check', '--file', 'missing.conf'],
  ['check', '--staged'],
  ['check', '--staged', '--allow-vendor-edits', '--json'],
];
const DECLINED = [
  [],
  ['--help'],
  ['check', '--help'],
  ['check', '-h'],
  ['check', '--bogus'],
  ['check', 'extra'],
  ['check', '--version'],
  ['status'],
  ['check', '--color', '--no-color'],
  ['check', '--online'],
  ['check', '--staged', '--online'],
];

describe('the check fast path', () => {
  it.each(ACCEPTED)('matches the full CLI for %j', async (...argv) => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'vendor.conf'), 'github.com/a/b master\ngithub.com/a/b v1.0.0\n');
    writeFileSync(path.join(cwd, 'other.conf'), 'github.com/a/b master\n');
    expect(parseFastCheck(argv)).toBeDefined();
    for (const tty of [false, true]) {
      const full = await runCli(argv, { cwd, tty });
      let stdout = '';
      let stderr = '';
      const code = await tryFastPath(argv, {
        cwd,
        env: {},
        stdout: { write: (text: string) => (stdout += text), isTTY: tty },
        stderr: { write: (text: string) => (stderr += text), isTTY: tty },
      });
      expect({ code, stdout, stderr }).toEqual(full);
    }
  });

  it.each(DECLINED)('leaves %j to yargs', (...argv) => {
    expect(parseFastCheck(argv)).toBeUndefined();
  });
});

const SHA = 'dd3e7a34721992463a69f8eb24dee84be8ac4721';
const EDIT_ACCEPTED = [
  ['set', 'swarmkit', `cirocosta/swarmkit@${SHA}`, '--offline', '--dry-run'],
  ['set', 'github.com/docker/swarmkit', `cirocosta/swarmkit@${SHA}`, '--offline', '--no-vndr', '--json'],
  ['set', 'swarmkit', `@${SHA}`, '--offline', '--no-vndr', '--comment', 'https://github.com/moby/swarmkit/pull/1'],
  ['set', 'swarmkit', `@${SHA}`, '--offline', '--no-vndr', '--no-comment', '--file=vendor.conf'],
  ['set', 'swarmkit', '@v1.0.0', '--offline', '--dry-run'],
  ['set', 'swarmkit', `cirocosta/swarmkit@${SHA}`, '--offline', '--vndr', '/nonexistent/vndr'],
  ['reset', 'swarmkit', SHA, '--offline', '--no-vndr'],
  ['reset', 'util', '--offline', '--dry-run'],
  ['reset', 'nothere', '--offline', '--dry-run'],
  ['update', 'util', '--offline', '--dry-run'],
  ['update', 'util', 'fix', '--offline', '--no-vndr', '--allow-drop'],
  ['update', 'swarmkit', '--offline', '--json'],
];
const EDIT_DECLINED = [
  ['set'],
  ['set', 'swarmkit'],
  ['set', 'a', 'b', 'c'],
  ['set', 'a', 'b', '--whitelist', 'x'],
  ['set', 'a', 'b', '--whitelist=x'],
  ['set', 'a', '--', '-x'],
  ['set', 'a', 'b', '--bogus'],
  ['set', 'a', 'b', '--comment', 'x', '--no-comment'],
  ['reset'],
  ['set', '--help'],
  ['reset', 'a', '--vndr', 'x', '--no-vndr'],
  ['set', 'a', 'b', '--comment'],
  ['update'],
  ['update', '--all'],
  ['update', 'a', 'b', 'c'],
];

describe('the set, reset and update fast path', () => {
  const project = () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'vendor.conf'),
      `github.com/docker/swarmkit    ${'1'.repeat(40)} # pinned for the demo\ngithub.com/acme/util          ${'2'.repeat(40)} https://github.com/me/util\n`,
    );
    return cwd;
  };

  it.each(EDIT_ACCEPTED)('matches the full CLI for %j', async (...argv) => {
    expect(parseFastEdit(argv)).toBeDefined();
    const viaYargs = project();
    const full = await runCli(argv, { cwd: viaYargs });
    const viaFast = project();
    let stdout = '';
    let stderr = '';
    const code = await tryFastPath(argv, {
      cwd: viaFast,
      env: {},
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
    });
    const normalise = (text: string, dir: string) => text.replaceAll(dir, '<project>');
    expect({ code, stdout: normalise(stdout, viaFast), stderr: normalise(stderr, viaFast) }).toEqual({
      code: full.code,
      stdout: normalise(full.stdout, viaYargs),
      stderr: normalise(full.stderr, viaYargs),
    });
    expect(readFileSync(path.join(viaFast, 'vendor.conf'), 'utf8')).toBe(
      readFileSync(path.join(viaYargs, 'vendor.conf'), 'utf8'),
    );
  });

  it.each(EDIT_DECLINED)('leaves %j to yargs', (...argv) => {
    expect(parseFastEdit(argv)).toBeUndefined();
  });
});

const VERIFY_ACCEPTED = [
  ['verify'],
  ['verify', '--json'],
  ['verify', 'util'],
  ['verify', 'github.com/acme/util', '--patch'],
  ['verify', 'util', 'nothere'],
  ['verify', '--no-color', '--patch'],
  ['verify', '--file', 'missing.conf'],
];
const VERIFY_DECLINED = [
  ['verify', '--jobs', '2'],
  ['verify', '--help'],
  ['verify', '--bogus'],
  ['verify', '--', 'util'],
  ['verify', '--color', '--no-color'],
  ['verify', '--patch=yes'],
];

describe('the verify fast path', () => {
  // A vendored copy of a local repository with one file edited by hand, so verify has a difference to report.
  const project = () => {
    const root = tempDir();
    const git = new GitWorld(root);
    const util = git.init('util', { 'util.go': 'package util\n', 'doc.go': 'package util // doc\n' });
    git.config(
      `url.${git.bare(util, path.join(root, 'hosted/acme/util.git'))}.insteadOf`,
      'https://github.com/acme/util',
    );
    const cwd = path.join(root, 'project');
    git.git(root, 'init', '-q', cwd);
    const vendored = path.join(cwd, 'vendor/github.com/acme/util');
    mkdirSync(vendored, { recursive: true });
    writeFileSync(path.join(vendored, 'util.go'), 'package util // edited\n');
    writeFileSync(path.join(vendored, 'doc.go'), 'package util // doc\n');
    writeFileSync(path.join(cwd, 'vendor.conf'), `github.com/acme/util ${git.rev(util, 'HEAD')}\n`);
    git.git(cwd, 'add', '-A');
    return { cwd, env: { ...git.env, XDG_CACHE_HOME: path.join(root, 'cache') } };
  };

  it.each(VERIFY_ACCEPTED)('matches the full CLI for %j', async (...argv) => {
    expect(parseFastVerify(argv)).toBeDefined();
    // Two identical projects, so both runs start from an empty cache (the JSON says whether a clone was made).
    const viaYargs = project();
    const full = await runCli(argv, viaYargs);
    const viaFast = project();
    let stdout = '';
    let stderr = '';
    const code = await tryFastPath(argv, {
      ...viaFast,
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
    });
    const normalise = (text: string, cwd: string) => text.replaceAll(cwd, '<project>');
    expect({ code, stdout: normalise(stdout, viaFast.cwd), stderr: normalise(stderr, viaFast.cwd) }).toEqual({
      code: full.code,
      stdout: normalise(full.stdout, viaYargs.cwd),
      stderr: normalise(full.stderr, viaYargs.cwd),
    });
  });

  it('reports the hand edit either way', async () => {
    const { cwd, env } = project();
    const result = await runCli(['verify'], { cwd, env });
    expect(result.stdout).toContain('modified vendor/github.com/acme/util/util.go');
    expect(result.code).toBe(1);
  });

  it.each(VERIFY_DECLINED)('leaves %j to yargs', (...argv) => {
    expect(parseFastVerify(argv)).toBeUndefined();
  });
});
