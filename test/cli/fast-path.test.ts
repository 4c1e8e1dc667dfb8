import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastCheck, tryFastPath } from '../../src/cli/fast-path.js';
import { runCli, tempDir } from '../helpers/cli.js';

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
