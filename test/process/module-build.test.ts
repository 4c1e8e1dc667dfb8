import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleBuild } from '../../src/go/module-build.js';
import { GO_TAIL_LINES, runGo } from '../../src/process/go.js';

const go = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();

/**
 * A module project whose vendored dependency has `count` packages, each with twelve type errors: go prints
 * "# PKG", ten errors and "too many errors" for each, so the whole failure runs far past GO_TAIL_LINES.
 */
function brokenProject(count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vf-build-'));
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n');
  const packages = Array.from({ length: count }, (_, i) => `example.com/dep/p${i}`);
  mkdirSync(path.join(dir, 'vendor'));
  writeFileSync(
    path.join(dir, 'vendor', 'modules.txt'),
    `# example.com/dep v1.0.0\n## explicit\n${packages.join('\n')}\n`,
  );
  for (const [i, pkg] of packages.entries()) {
    const pkgDir = path.join(dir, 'vendor', pkg);
    mkdirSync(pkgDir, { recursive: true });
    const errors = Array.from({ length: 12 }, (_, n) => `var V${n} int = "not an int ${n}"`).join('\n');
    writeFileSync(path.join(pkgDir, 'p.go'), `package p${i}\n\n${errors}\n`);
  }
  writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  return dir;
}

describe('one go runner', { timeout: 60_000 }, () => {
  it('--build on a module project names every failing package of a failure longer than the tail', async ({
    onTestFinished,
  }) => {
    const count = 30;
    const dir = brokenProject(count);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const env = { ...process.env, GOFLAGS: '', GOPROXY: 'off', GOCACHE: path.join(dir, '.gocache') };
    const step = moduleBuild({
      go,
      projectDir: dir,
      modFile: path.join(dir, 'go.mod'),
      module: 'example.com/app',
      dependency: 'example.com/dep',
      env,
    });
    const report = await step.run(new AbortController().signal);
    const failing = [...report.failures.keys()].sort();
    expect(failing).toEqual(Array.from({ length: count }, (_, i) => `example.com/dep/p${i}`).sort());
    const lines = [...report.failures.values()].reduce((sum, l) => sum + l.length + 1, 0);
    // The failure is longer than the default tail, so a tail-only reading would have lost its first packages.
    expect(lines).toBeGreaterThan(GO_TAIL_LINES);
  });

  it('keeps only the last lines of stderr unless told to keep all', async () => {
    // writeSync: console.error to a pipe is asynchronous, and process.exit would cut it short.
    const script = 'for (let i = 0; i < 500; i++) require("fs").writeSync(2, "line " + i + "\\n"); process.exit(3)';
    const run = { go: process.execPath, args: ['-e', script], cwd: os.tmpdir(), env: process.env };
    const tail = await runGo(run);
    expect(tail.code).toBe(3);
    expect(tail.lines).toHaveLength(GO_TAIL_LINES);
    expect(tail.lines.at(-1)).toBe('line 499');
    expect(tail.lines[0]).toBe(`line ${500 - GO_TAIL_LINES}`);
    const whole = await runGo({ ...run, tailLines: Infinity });
    expect(whole.lines).toHaveLength(500);
    expect(whole.lines[0]).toBe('line 0');
  });
});
