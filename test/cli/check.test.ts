import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, projectRoot } from '../helpers/corpus.js';
import { runBin, runCli, tempDir } from '../helpers/cli.js';

const SHA = '4f2ab0ba1a2d0a9b1fe8e8cc4da3d6cc6fb4bcf8';

function project(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const dir = tempDir();
  if (options.git) execFileSync('git', ['init', '-q', dir]);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('vendorfork check', () => {
  it('passes a clean file and says so', async () => {
    const cwd = project({ 'vendor.conf': `github.com/a/b ${SHA}\n` });
    expect(await runCli(['check'], { cwd })).toEqual({ code: 0, stdout: '✓ vendor.conf: no problems\n', stderr: '' });
  });

  it('prints file:line:column: severity code message, and exits 1 on errors', async () => {
    const cwd = project({ 'vendor.conf': `github.com/a/b ${SHA}\ngithub.com/a/b master\n` });
    const result = await runCli(['check'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'vendor.conf:2:1: error duplicate-import-path github.com/a/b is already listed on line 1; vndr rejects duplicates: keep one',
      'vendor.conf:2:16: warning branch-ref ref master looks like a branch, which moves: pin a tag or a full SHA',
      'vendor.conf: 1 error, 1 warning',
      '',
    ]);
  });

  it('passes warnings unless --strict', async () => {
    const cwd = project({ 'vendor.conf': 'github.com/a/b master\n' });
    expect((await runCli(['check'], { cwd })).code).toBe(0);
    expect((await runCli(['check', '--strict'], { cwd })).code).toBe(1);
  });

  it('prints JSON with --json', async () => {
    const cwd = project({ 'vendor.conf': 'github.com/a/b master\n' });
    const result = await runCli(['check', '--json'], { cwd });
    expect(JSON.parse(result.stdout)).toEqual({
      file: path.join(cwd, 'vendor.conf'),
      displayPath: 'vendor.conf',
      diagnostics: [
        {
          severity: 'warning',
          code: 'branch-ref',
          message: 'ref master looks like a branch, which moves: pin a tag or a full SHA',
          line: 1,
          column: 16,
        },
      ],
      errors: 0,
      warnings: 1,
      ok: true,
    });
  });

  it('finds vendor.conf upward from a subdirectory, but not past the git root', async () => {
    const outer = project({ 'vendor.conf': `github.com/a/b ${SHA}\n`, 'inner/pkg/x.go': 'package x\n' });
    const sub = path.join(outer, 'inner/pkg');
    expect(await runCli(['check'], { cwd: sub })).toMatchObject({
      code: 0,
      stdout: `✓ ${path.join(outer, 'vendor.conf')}: no problems\n`,
    });

    execFileSync('git', ['init', '-q', path.join(outer, 'inner')]);
    const result = await runCli(['check'], { cwd: sub });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `vendorfork: no vendor.conf, vendor.mod or go.mod in ${sub} or above it up to the git root ${path.join(outer, 'inner')}: run vendorfork in a Go project, or pass --file\n`,
    );
  });

  it('checks another file with --file', async () => {
    const cwd = project({ 'sub/vendor.conf': 'github.com/a/b v1.0.0\ngithub.com/c/d\n' });
    const result = await runCli(['check', '--file', 'sub/vendor.conf'], { cwd });
    expect(result.stdout).toContain('sub/vendor.conf:2:1: error field-count');
  });

  it('colours output only when asked, honouring NO_COLOR and FORCE_COLOR', async () => {
    const cwd = project({ 'vendor.conf': 'github.com/a/b master\n' });
    const esc = '\u001b[';
    expect((await runCli(['check'], { cwd, tty: true })).stdout).toContain(esc);
    expect((await runCli(['check'], { cwd, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await runCli(['check'], { cwd, tty: false })).stdout).not.toContain(esc);
    expect((await runCli(['check'], { cwd, tty: false, env: { FORCE_COLOR: '1' } })).stdout).toContain(esc);
    expect((await runCli(['check', '--no-color'], { cwd, tty: true, env: { FORCE_COLOR: '3' } })).stdout).not.toContain(
      esc,
    );
  });

  it('gives no error on any moby or docker/cli file of the corpus', async () => {
    for (const file of corpusFiles().filter((f) => f.repository === 'moby/moby' || f.repository === 'docker/cli')) {
      const result = await runCli(['check', '--file', file.path, '--json'], { cwd: projectRoot });
      expect(JSON.parse(result.stdout).errors, file.name).toBe(0);
      expect(result.code).toBe(0);
    }
  });

  it('checks every corpus file without crashing', async () => {
    for (const file of corpusFiles()) {
      const result = await runCli(['check', '--file', file.path], { cwd: projectRoot });
      expect([0, 1], file.name).toContain(result.code);
      expect(result.stderr).toBe('');
    }
  });
});

describe('the bin', () => {
  it('prints one line and no stack trace for bad input', async () => {
    const cwd = tempDir();
    const result = await runBin(['check', '--file', 'missing.conf'], { cwd });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `vendorfork: ${path.join(cwd, 'missing.conf')}: cannot read it: it does not exist; check the path\n`,
    });
  });

  it('rejects an unknown option in one line', async () => {
    const result = await runBin(['check', '--bogus'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('vendorfork: Unknown argument: bogus (see vendorfork --help)\n');
  });

  it('prints a stack trace for an unexpected error', async () => {
    const cwd = tempDir();
    symlinkSync('vendor.conf', path.join(cwd, 'vendor.conf'));
    const result = await runBin(['check', '--file', 'vendor.conf'], { cwd });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/^vendorfork: unexpected error, please report it with the lines below\nError: ELOOP/);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('shows help with examples, and the version', async () => {
    const help = await runBin(['--help'], { cwd: tempDir() });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vendorfork check');
    const checkHelp = await runBin(['check', '--help'], { cwd: tempDir() });
    expect(checkHelp.stdout).toContain('Examples:');
    expect(checkHelp.stdout).toContain('--strict');
    const version = await runBin(['--version'], { cwd: tempDir() });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('usage errors', () => {
  it.each([
    [[], 'vendorfork: Name a command (see vendorfork --help)\n'],
    [['stauts'], 'vendorfork: Did you mean status? (see vendorfork --help)\n'],
    [['set'], 'vendorfork: Not enough non-option arguments: got 0, need at least 1 (see vendorfork --help)\n'],
  ])('%j gets one line and exit 2', async (argv, stderr) => {
    expect(await runCli(argv, { cwd: tempDir() })).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('check --staged before the first commit', () => {
  it('reads the index when there is no HEAD yet, and every entry is new', async () => {
    const cwd = project({ 'vendor.conf': `github.com/a/b ${SHA}\n` }, { git: true });
    execFileSync('git', ['add', 'vendor.conf'], { cwd });
    const result = await runCli(['check', '--staged', '--json'], { cwd });
    const codes = JSON.parse(result.stdout).diagnostics.map(
      (d: { code: string; message: string }) => `${d.code}: ${d.message}`,
    );
    expect(codes).toEqual([
      'vendor-not-updated: github.com/a/b changed (added) but nothing under vendor/github.com/a/b is staged: run vendorfork sync, then git add -A vendor/github.com/a/b',
      'vendor-missing: github.com/a/b has no files under vendor/github.com/a/b: run vendorfork sync, or remove the entry if it is unused',
    ]);
  });

  it("reports moby's hand-vendored archive/tar once, with the whitelist line that keeps it", async () => {
    const tar = ['common.go', 'format.go', 'reader.go', 'stat_unix.go', 'strconv.go', 'writer.go', 'LICENSE'];
    const cwd = project(
      {
        'vendor.conf': `github.com/a/b ${SHA}\n`,
        'vendor/github.com/a/b/b.go': 'package b\n',
        ...Object.fromEntries(tar.map((name) => [`vendor/archive/tar/${name}`, 'package tar\n'])),
      },
      { git: true },
    );
    execFileSync('git', ['add', '-A'], { cwd });
    const result = await runCli(['check', '--staged'], { cwd });
    expect(result.code).toBe(1);
    // The new entry's files were not compared with its pin (no tree cached): a warning of its own, on its line.
    const lines = result.stdout.split('\n');
    expect(lines[1]).toMatch(/^vendor\.conf:1:16: warning vendor-unverified /);
    expect([lines[0], ...lines.slice(2)].join('\n')).toBe(
      String.raw`vendor.conf: error vendor-orphan vendor/archive/tar (7 files) has no entry in vendor.conf: vndr would delete it; add an entry, remove it, or keep it as vendored by hand with "whitelist": ["^archive[/\\\\]tar"] in .vendorfork.json` +
        '\nvendor.conf: 1 error, 1 warning\n',
    );
    // The line it gives, pasted as it is, is the fix.
    const line = /with ("whitelist": \[.*\]) in/.exec(result.stdout)![1]!;
    writeFileSync(path.join(cwd, '.vendorfork.json'), `{${line}}\n`);
    execFileSync('git', ['add', '-A'], { cwd });
    expect(await runCli(['check', '--staged'], { cwd })).toMatchObject({ code: 0 });
  });

  it('refuses a whitelist entry that is not a regular expression, in one line', async () => {
    const cwd = project(
      {
        'vendor.conf': `github.com/a/b ${SHA}\n`,
        'vendor/github.com/a/b/b.go': 'package b\n',
        // The backslash written once: JSON reads it as an escaped "]", and the class never closes.
        '.vendorfork.json': String.raw`{"whitelist": ["^archive[/\\]tar"]}` + '\n',
      },
      { git: true },
    );
    execFileSync('git', ['add', '-A'], { cwd });
    expect(await runCli(['check', '--staged'], { cwd })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        String.raw`vendorfork: ${path.join(cwd, '.vendorfork.json')}: whitelist entry "^archive[/\\]tar" is not a valid regular expression (/^archive[/\]tar/: Unterminated character class): in JSON, write each backslash twice, e.g. "^archive[/\\\\]tar"` +
        '\n',
    });
  });

  it('has nothing to say when vendor.conf is not in the index', async () => {
    const cwd = project({ 'vendor.conf': `github.com/a/b ${SHA}\n` }, { git: true });
    expect(await runCli(['check', '--staged'], { cwd })).toEqual({
      code: 0,
      stdout: '✓ vendor.conf: no problems\n',
      stderr: '',
    });
  });
});

describe("check --staged and HEAD's vendor/ listing", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
  const codes = async (cwd: string) =>
    (
      JSON.parse((await runCli(['check', '--staged', '--json'], { cwd })).stdout).diagnostics as {
        code: string;
        message: string;
      }[]
    ).map((d) => `${d.code} ${d.message.split(' ')[0]}`);
  const committed = () => {
    const cwd = project(
      {
        'vendor.conf': `github.com/a/b ${SHA}\n`,
        'vendor/github.com/a/b/b.go': 'package b\n',
        'vendor/github.com/old/gone/gone.go': 'package gone\n',
      },
      { git: true },
    );
    git(cwd, 'add', '-A');
    git(cwd, 'commit', '-q', '-m', 'vendor');
    return cwd;
  };
  const cacheFile = (cwd: string) => path.join(cwd, '.git/vendorfork/./head-vendor-tree');
  const stamp = (cwd: string) => {
    const reflog = statSync(path.join(cwd, '.git/logs/HEAD'));
    return `${reflog.size}:${reflog.mtimeMs}`;
  };

  it('keeps the listing by tree id, and reads the same answers from it', async () => {
    const cwd = committed();
    const first = await codes(cwd);
    expect(first).toEqual(['vendor-orphan vendor/github.com/old/gone']);
    const tree = git(cwd, 'rev-parse', 'HEAD:vendor').trim();
    // With each file's blob id, so that a moved entry's files are compared without asking git for them.
    expect(readFileSync(cacheFile(cwd), 'latin1')).toBe(
      `${tree} ${stamp(cwd)} blobs\n${git(cwd, 'ls-tree', '-r', '-z', 'HEAD:vendor')}`,
    );
    expect(git(cwd, 'ls-tree', '-r', '-z', '--name-only', 'HEAD:vendor')).toBe(
      'github.com/a/b/b.go\0github.com/old/gone/gone.go\0',
    );
    expect(await codes(cwd)).toEqual(first);
  });

  it('applies staged deletions and additions to it', async () => {
    const cwd = committed();
    await codes(cwd);
    git(cwd, 'rm', '-q', '-r', 'vendor/github.com/old/gone');
    mkdirSync(path.join(cwd, 'vendor/github.com/new/stray'), { recursive: true });
    writeFileSync(path.join(cwd, 'vendor/github.com/new/stray/s.go'), 'package stray\n');
    git(cwd, 'add', '-A');
    expect(await codes(cwd)).toEqual(['vendor-orphan vendor/github.com/new/stray']);
  });

  it('lists HEAD again once a commit changes vendor/', async () => {
    const cwd = committed();
    await codes(cwd);
    git(cwd, 'rm', '-q', '-r', 'vendor/github.com/old/gone');
    git(cwd, 'commit', '-q', '-m', 'drop the orphan');
    expect(await codes(cwd)).toEqual([]);
    expect(readFileSync(cacheFile(cwd), 'latin1')).toBe(
      `${git(cwd, 'rev-parse', 'HEAD:vendor').trim()} ${stamp(cwd)} blobs\n${git(cwd, 'ls-tree', '-r', '-z', 'HEAD:vendor')}`,
    );
    expect(readFileSync(cacheFile(cwd), 'latin1')).toContain('\tgithub.com/a/b/b.go\0');
    expect(readFileSync(cacheFile(cwd), 'latin1')).not.toContain('gone');
  });

  it('asks git for the listing beside the other calls only when HEAD moved since it was kept', async () => {
    const cwd = committed();
    // A git that notes its arguments: which calls check --staged makes, run by run.
    const bin = tempDir();
    const log = path.join(bin, 'calls');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${realGit}" "$@"\n`, {
      mode: 0o755,
    });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const calls = async () => {
      writeFileSync(log, '');
      await runCli(['check', '--staged'], { cwd, env });
      return readFileSync(log, 'utf8').trim().split('\n').sort();
    };
    const tree = git(cwd, 'rev-parse', 'HEAD:vendor').trim();
    const [CAT_FILE, DIFF, LS_TREE] = [
      'cat-file --batch',
      'diff --cached --raw --no-abbrev -z --no-renames -- vendor',
      'ls-tree -r -z HEAD:vendor',
    ];
    // Nothing kept yet: HEAD's listing is asked for by name, with the others.
    expect(await calls()).toEqual([CAT_FILE, DIFF, LS_TREE]);
    // HEAD has not moved: the kept listing is believed.
    expect(await calls()).toEqual([CAT_FILE, DIFF]);
    // HEAD moves, vendor/ does not: listed again up front, the kept one (same tree) used and stamped anew.
    writeFileSync(path.join(cwd, 'NOTES.md'), 'notes\n');
    git(cwd, 'add', 'NOTES.md');
    git(cwd, 'commit', '-q', '-m', 'notes');
    expect(await calls()).toEqual([CAT_FILE, DIFF, LS_TREE]);
    expect(readFileSync(cacheFile(cwd), 'latin1').split('\n')[0]).toBe(`${tree} ${stamp(cwd)} blobs`);
    expect(await calls()).toEqual([CAT_FILE, DIFF]);
  });

  it('really reads the kept listing: one written for the same tree is believed', async () => {
    const cwd = committed();
    const tree = git(cwd, 'rev-parse', 'HEAD:vendor').trim();
    mkdirSync(path.dirname(cacheFile(cwd)), { recursive: true });
    // A listing that is not the tree's (never written by vendorfork: a tree's listing cannot change).
    const blob = 'e'.repeat(40);
    writeFileSync(
      cacheFile(cwd),
      `${tree} - blobs\n100644 blob ${blob}\tgithub.com/a/b/b.go\x00100644 blob ${blob}\tgithub.com/planted/here/p.go\0`,
      'latin1',
    );
    expect(await codes(cwd)).toEqual(['vendor-orphan vendor/github.com/planted/here']);
  });
});
