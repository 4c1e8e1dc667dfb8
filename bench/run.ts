// npm run bench: throughput and speed figures, each measured side by side
// with its baseline in the same run, interleaved (these machines are shared
// and noisy, so only ratios are comparable across runs). Writes nothing but
// temporary files; copy the figures into docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from '../src/formats/vendor-conf/core/index.js';
import { writeTreeListing } from '../src/fs/tree-cache.js';
import { parseModFile } from '../src/formats/gomod/core/mod-file.js';
import { crc32 } from 'node:zlib';
import { projectRoot, corpusRoot } from '../test/helpers/corpus.js';
import { GitWorld } from '../test/helpers/git.js';
import { goBinary, testVndr } from '../test/helpers/vndr.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
// BENCH_BIN: another build's bin/vendorfork.cjs (main's, say), for before/after figures in one tree.
const bin = process.env.BENCH_BIN ?? path.join(projectRoot, 'bin/vendorfork.cjs');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: 'pipe',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

console.log(`vendorfork bench, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores`);

if (want('parse')) {
  const texts: string[] = [];
  for (const folder of ['moby-sample', 'other']) {
    for (const name of readdirSync(path.join(corpusRoot, folder)))
      texts.push(readFileSync(path.join(corpusRoot, folder, name), 'latin1'));
  }
  const throughput = (fn: (text: string) => unknown, seconds = 1.5) => {
    const bytes = texts.reduce((sum, t) => sum + t.length, 0);
    let rounds = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      for (const text of texts) fn(text);
      rounds++;
    }
    const elapsed = (performance.now() - start) / 1000;
    return { mb: (bytes * rounds) / elapsed / 1e6, files: (texts.length * rounds) / elapsed };
  };
  const floor = throughput((text) => text.split('\n').join('\n'));
  const roundTrip = throughput((text) => parse(text).toString());
  const diagnostics = throughput((text) => parse(text).diagnostics);
  console.log(`\nparse + print over the corpus (${texts.length} files):`);
  console.log(`  parse+print        ${roundTrip.mb.toFixed(1)} MB/s, ${Math.round(roundTrip.files)} files/s`);
  console.log(`  parse+diagnostics  ${diagnostics.mb.toFixed(1)} MB/s, ${Math.round(diagnostics.files)} files/s`);
  console.log(
    `  split+join (floor) ${floor.mb.toFixed(1)} MB/s; parse+print takes ${(floor.mb / roundTrip.mb).toFixed(1)}x its time`,
  );
}

/**
 * Two environments, because Node's own start-up differs about fourfold
 * between them: NODE_EXTRA_CA_CERTS (set on these machines, and on many
 * corporate ones) makes Node load a certificate bundle before any user code.
 */
function startupEnvironments(): { name: string; env: NodeJS.ProcessEnv }[] {
  const clean = { PATH: process.env.PATH, HOME: process.env.HOME };
  const environments = [{ name: 'a minimal environment (PATH, HOME)', env: clean as NodeJS.ProcessEnv }];
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  if (certs)
    environments.push({
      name: `this machine's environment (NODE_EXTRA_CA_CERTS=${certs})`,
      env: { ...clean, NODE_EXTRA_CA_CERTS: certs },
    });
  return environments;
}

if (want('startup')) {
  const moby = path.join(projectRoot, '__fixtures__/example/vendor.conf');
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const entries = parse(readFileSync(moby, 'utf8')).entries.length;
  for (const { name, env } of startupEnvironments()) {
    const times: number[][] = [[], [], []];
    for (let i = 0; i < runs; i++) {
      times[0]!.push(timed([process.execPath, '-e', '0'], { cwd: projectRoot, env }));
      times[1]!.push(timed([process.execPath, bin, 'check', '--file', moby], { cwd: projectRoot, env }));
      times[2]!.push(timed([process.execPath, bin, '--help'], { cwd: projectRoot, env }));
    }
    const [bare, check, help] = times.map(median) as [number, number, number];
    console.log(`\ncold start in ${name}, median of ${runs} interleaved runs (moby-sized file, ${entries} entries):`);
    console.log(`  node -e 0            ${bare.toFixed(1)} ms`);
    console.log(
      `  vendorfork check     ${check.toFixed(1)} ms  = ${(check / bare).toFixed(2)}x bare node (goal: <= 1.5x)`,
    );
    console.log(`  vendorfork --help    ${help.toFixed(1)} ms  = ${(help / bare).toFixed(2)}x bare node`);
  }
}

if (want('set')) benchSet('60 files, 40 commits each');
// The same, with the forked dependency the size of a real one (swarmkit has ~1,500 files and thousands of commits).
if (want('set-large'))
  benchSet('the forked one 1,500 files and 2,000 commits, the others 60 files and 40 commits', {
    files: 1500,
    commits: 2000,
    filler: 20,
  });
if (want('build')) benchBuild();
if (want('staged')) benchStaged();
if (want('staged-module')) benchStagedModule();
if (want('verify')) benchVerify();
if (want('set-module')) benchModuleSet();

/**
 * A 20-dependency project under a temporary GOPATH, each dependency a local
 * repository of 60 files and 40 commits, one of them forked. Compares, in
 * interleaved rounds: vendorfork set on one dependency (offline, full SHA:
 * what is measured is vendorfork and vndr, not GitHub), a full vndr run (what
 * people did before), and a bare vndr IMPORT_PATH after the same edit by hand.
 */
function benchSet(label: string, forked?: Shape): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-'));
  try {
    const { git, hosted, deps, dir, env, vndr } = benchProject(root, {
      dependencies: 20,
      files: 60,
      commits: 40,
      filler: 60,
      ...(forked ? { first: forked } : {}),
    });
    const forkSha = forkDep00(git, root, hosted);
    const confPath = path.join(dir, 'vendor.conf');
    const upstream = deps[0]!;
    const rounds = Number(process.env.BENCH_SET_RUNS ?? 6);
    const setTimes: number[] = [];
    const fullTimes: number[] = [];
    const bareTimes: number[] = [];
    const innerTimes: number[] = [];
    // set runs vndr through a wrapper that notes when the real vndr started and ended: that vndr ran in the very
    // same second as the set around it, so set / inner vndr is vendorfork's own cost free of the machine's swings.
    // The wrapper's own start (bash, ~3 ms) counts against vendorfork.
    const vndrTimes = path.join(root, 'vndr-times');
    const wrapper = path.join(root, 'timed-vndr');
    writeFileSync(
      wrapper,
      '#!/bin/bash\ns=$EPOCHREALTIME; "$BENCH_REAL_VNDR" "$@"; rc=$?; echo "$s $EPOCHREALTIME" >> "$BENCH_VNDR_TIMES"; exit $rc\n',
      { mode: 0o755 },
    );
    const setEnv = { ...env, VNDR: wrapper, BENCH_REAL_VNDR: vndr, BENCH_VNDR_TIMES: vndrTimes };
    // Each round starts with dep00 on upstream. set moves it to the fork; a full vndr runs on that.
    // Then dep00 goes back to upstream by hand (untimed), and the very edit set made is made by hand
    // and followed by a bare vndr IMPORT_PATH: the same clone of the same repository as set's vndr.
    // Last, back to upstream (untimed) for the next round. Every set must really change something.
    const confText = () => readFileSync(confPath, 'utf8');
    const pinByHand = (sha: string, repository: string | null) => {
      const conf = parse(confText());
      conf.set(upstream.importPath, { ref: sha, repository });
      writeFileSync(confPath, conf.toString());
    };
    for (let i = 0; i < rounds; i++) {
      const before = confText();
      setTimes.push(
        timed([process.execPath, bin, 'set', 'github.com/bench/dep00', `benchfork/dep00@${forkSha}`, '--offline'], {
          cwd: dir,
          env: setEnv,
        }),
      );
      const [start, end] = readFileSync(vndrTimes, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      innerTimes.push((end! - start!) * 1000);
      const forked = confText();
      if (forked === before) throw new Error('set changed nothing: the round measured no vndr run');
      fullTimes.push(timed([vndr], { cwd: dir, env }));
      pinByHand(upstream.sha, null);
      timed([vndr, upstream.importPath], { cwd: dir, env });
      writeFileSync(confPath, forked);
      bareTimes.push(timed([vndr, upstream.importPath], { cwd: dir, env }));
      pinByHand(upstream.sha, null);
      timed([vndr, upstream.importPath], { cwd: dir, env });
      if (confText() !== before) throw new Error('the round did not end where it started');
    }
    const [set, full, bare] = [median(setTimes), median(fullTimes), median(bareTimes)];
    console.log(
      `\nset on one dependency of a 20-dependency project (${label}), real vndr, median of ${rounds} interleaved rounds:`,
    );
    console.log(`  full vndr                    ${full.toFixed(0)} ms`);
    console.log(`  bare vndr IMPORT_PATH        ${bare.toFixed(0)} ms`);
    console.log(
      `  vendorfork set --offline     ${set.toFixed(0)} ms  = ${(full / set).toFixed(1)}x faster than a full vndr`,
    );
    console.log(
      `  vendorfork's overhead        ${(set - bare).toFixed(0)} ms  = ${(set / bare).toFixed(2)}x bare vndr IMPORT_PATH (goal: <= 1.2x)`,
    );
    // Each round's set and bare vndr ran seconds apart: their ratio moves less with the machine's load than the medians do.
    const ratios = setTimes.map((t, i) => t / bareTimes[i]!).sort((a, b) => a - b);
    console.log(
      `  per round, set / bare vndr   median ${median(ratios).toFixed(2)}x, from ${ratios[0]!.toFixed(2)}x to ${ratios.at(-1)!.toFixed(2)}x`,
    );
    const own = setTimes.map((t, i) => t / innerTimes[i]!).sort((a, b) => a - b);
    const ownMs = setTimes.map((t, i) => t - innerTimes[i]!);
    console.log(
      `  set / the vndr inside it     median ${median(own).toFixed(2)}x, from ${own[0]!.toFixed(2)}x to ${own.at(-1)!.toFixed(2)}x (vendorfork's own ${median(ownMs).toFixed(0)} ms over a ${median(innerTimes).toFixed(0)} ms vndr; goal: <= 1.2x)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** benchfork/dep00, a fork of the bench's first dependency with one more commit on top; its SHA. */
function forkDep00(git: GitWorld, root: string, hosted: string): string {
  const forkWork = path.join(root, 'work/fork');
  git.git(root, 'clone', '-q', path.join(hosted, 'bench/dep00.git'), forkWork);
  const sha = git.commit(forkWork, { 'f0.go': 'package dep00\n\nfunc F0() int { return -1 }\n' }, 'fork: fix F0');
  git.bare(forkWork, path.join(hosted, 'benchfork/dep00.git'));
  return sha;
}

/**
 * What --build adds to set: set to a fork of a 1,500-file dependency with and without --build, interleaved,
 * each round put back by hand (untimed). The first --build compiles with go's cache cold; later rounds,
 * as a user's repeated runs, with it warm.
 */
function benchBuild(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-build-'));
  try {
    const { git, hosted, deps, dir, env } = benchProject(root, {
      dependencies: 20,
      files: 60,
      commits: 40,
      filler: 60,
      first: { files: 1500, commits: 2000, filler: 60 },
    });
    const buildEnv = { ...env, GOCACHE: path.join(root, 'gocache'), GO111MODULE: 'off' };
    const forkSha = forkDep00(git, root, hosted);
    const confPath = path.join(dir, 'vendor.conf');
    const upstream = deps[0]!;
    const back = () => {
      const conf = parse(readFileSync(confPath, 'utf8'));
      conf.set(upstream.importPath, { ref: upstream.sha, repository: null });
      writeFileSync(confPath, conf.toString());
      timed([env.VNDR!, upstream.importPath], { cwd: dir, env: buildEnv });
    };
    const set = (...extra: string[]) =>
      timed([process.execPath, bin, 'set', upstream.importPath, `benchfork/dep00@${forkSha}`, '--offline', ...extra], {
        cwd: dir,
        env: buildEnv,
      });
    const cold = set('--build');
    back();
    const rounds = Number(process.env.BENCH_BUILD_RUNS ?? 5);
    const plain: number[] = [];
    const built: number[] = [];
    for (let i = 0; i < rounds; i++) {
      plain.push(set());
      back();
      built.push(set('--build'));
      back();
    }
    const [p, b] = [median(plain), median(built)];
    console.log(`
set --build on a 1,500-file dependency of a 20-dependency project, median of ${rounds} interleaved rounds:`);
    console.log(`  set --offline                ${p.toFixed(0)} ms`);
    console.log(
      `  set --offline --build        ${b.toFixed(0)} ms  = ${(b / p).toFixed(2)}x, +${(b - p).toFixed(0)} ms (go's cache warm)`,
    );
    console.log(`  the first --build            ${cold.toFixed(0)} ms  (go's cache cold: everything compiled once)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * check --staged on a repository of moby's size: the latest moby vendor.conf
 * of the corpus, and under vendor/ 40 files for each of its 125 entries
 * (5,000 files in the index), with one entry's bump staged with its files.
 * BENCH_BASELINE_BIN=<another build's bin/vendorfork.cjs> times that build on
 * the compared case too, interleaved (before and after in one run).
 */
function benchStaged(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-staged-'));
  try {
    const git = new GitWorld(root);
    const dir = path.join(root, 'moby');
    mkdirSync(dir, { recursive: true });
    git.git(dir, 'init', '-q');
    const confText = readFileSync(path.join(projectRoot, '__fixtures__/example/vendor.conf'), 'utf8');
    writeFileSync(path.join(dir, 'vendor.conf'), confText);
    const conf = parse(confText);
    for (const entry of conf.entries) {
      const pkg = path.join(dir, 'vendor', entry.importPath);
      mkdirSync(pkg, { recursive: true });
      for (let f = 0; f < 40; f++)
        writeFileSync(path.join(pkg, `f${f}.go`), `package p\n\n// ${entry.importPath} ${f}\n`);
    }
    git.git(dir, 'add', '-A');
    git.git(dir, 'commit', '-q', '-m', 'vendor');
    const bumped = conf.entries[10]!;
    conf.set(bumped.importPath, { ref: '0'.repeat(40) });
    writeFileSync(path.join(dir, 'vendor.conf'), conf.toString());
    writeFileSync(path.join(dir, 'vendor', bumped.importPath, 'f0.go'), 'package p\n\n// bumped\n');
    git.git(dir, 'add', '-A');
    // The floor of any Node hook that asks git what check --staged asks: a script file that starts the same two
    // git processes and waits for them, nothing else.
    const floor = path.join(root, 'floor.cjs');
    writeFileSync(
      floor,
      `const { spawn, execFile } = require('node:child_process');
const cat = spawn('git', ['cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
cat.stdout.resume();
cat.stdin.end(':vendor.conf\\nHEAD:vendor.conf\\nHEAD:vendor\\n');
execFile('git', ['diff', '--cached', '--raw', '--no-abbrev', '-z', '--no-renames', '--', 'vendor'], () => {});
`,
    );
    // The moved entry's new pin as set or verify leave it in vendorfork's cache (its tree's listing), so the
    // check compares the staged files with it; without it the check only says what it did not compare.
    const cache = path.join(root, 'cache');
    const stagedTree = git.git(dir, 'write-tree');
    const pinListing = execFileSync('git', ['ls-tree', '-r', '-z', `${stagedTree}:vendor/${bumped.importPath}`], {
      cwd: dir,
      env: git.env,
      encoding: 'latin1',
    });
    writeTreeListing({ XDG_CACHE_HOME: cache }, '0'.repeat(40), pinListing);
    const withPin = spawnSync(process.execPath, [bin, 'check', '--staged', '--json'], {
      cwd: dir,
      env: { ...git.env, XDG_CACHE_HOME: cache },
      encoding: 'utf8',
    });
    if (withPin.status !== 0 || withPin.stdout.includes('vendor-unverified'))
      console.log(
        `\n(check --staged with the pin's tree cached did not compare it cleanly: ${withPin.stdout.slice(0, 300)})`,
      );
    rmSync(path.join(cache, 'vendorfork/trees'), { recursive: true, force: true });
    const runs = Number(process.env.BENCH_RUNS ?? 30);
    const baseline = process.env.BENCH_BASELINE_BIN;
    for (const { name, env: startupEnv } of startupEnvironments()) {
      const env = { ...git.env, ...startupEnv, XDG_CACHE_HOME: cache };
      const bare: number[] = [];
      const floors: number[] = [];
      const staged: number[] = [];
      const firsts: number[] = [];
      const compared: number[] = [];
      const before: number[] = [];
      for (let i = 0; i < runs; i++) {
        bare.push(timed([process.execPath, '-e', '0'], { cwd: dir, env }));
        floors.push(timed([process.execPath, floor], { cwd: dir, env }));
        // The first check after HEAD moved: the listing of HEAD's vendor/ is not kept yet (git ls-tree runs too).
        rmSync(path.join(dir, '.git/vendorfork/head-vendor-tree'), { force: true });
        firsts.push(timed([process.execPath, bin, 'check', '--staged'], { cwd: dir, env }));
        staged.push(timed([process.execPath, bin, 'check', '--staged'], { cwd: dir, env }));
        writeTreeListing(env, '0'.repeat(40), pinListing);
        compared.push(timed([process.execPath, bin, 'check', '--staged'], { cwd: dir, env }));
        // Another build (BENCH_BASELINE_BIN, e.g. main's), on the same state, for before and after in one run.
        if (baseline) before.push(timed([process.execPath, baseline, 'check', '--staged'], { cwd: dir, env }));
        rmSync(path.join(cache, 'vendorfork/trees'), { recursive: true, force: true });
      }
      const [b, f, s, first, c] = [median(bare), median(floors), median(staged), median(firsts), median(compared)];
      console.log(
        `\ncheck --staged, moby-sized repository (${conf.entries.length} entries, ${conf.entries.length * 40} vendored files), ${name}, median of ${runs} interleaved runs:`,
      );
      console.log(`  node -e 0                 ${b.toFixed(1)} ms`);
      console.log(`  node + its two git calls  ${f.toFixed(1)} ms  = ${(f / b).toFixed(2)}x bare node (the floor)`);
      console.log(`  vendorfork check --staged ${s.toFixed(1)} ms  = ${(s / b).toFixed(2)}x bare node (goal: <= 1.5x)`);
      console.log(`  the same, HEAD just moved ${first.toFixed(1)} ms  = ${(first / b).toFixed(2)}x bare node`);
      console.log(
        `  the moved entry compared  ${c.toFixed(1)} ms  = ${(c / b).toFixed(2)}x bare node (its new pin's tree in vendorfork's cache)`,
      );
      if (baseline) {
        const old = median(before);
        console.log(`  the same, ${baseline}: ${old.toFixed(1)} ms  = ${(old / b).toFixed(2)}x bare node`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * check --staged on a module commit of real size, the module cache warm: the modules moby's latest vendor.mod
 * of the corpus requires (each a synthetic module of 5 packages of 6 files, served from a file:// GOPROXY
 * built here), imported by one main package, vendored by the real go mod vendor (about moby's 7,300 vendored
 * files), committed; then one module bumped (go get, go mod vendor: files changed, added and deleted) and
 * staged. Both versions are in the module cache, as after a maintainer's own go mod vendor.
 */
function benchStagedModule(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-staged-module-'));
  try {
    const git = new GitWorld(root);
    const corpusMod = readdirSync(path.join(corpusRoot, 'gomod'))
      .filter((name) => name.startsWith('moby-vendor__'))
      .sort()
      .at(-1)!;
    const requires = [
      ...readFileSync(path.join(corpusRoot, 'gomod', corpusMod), 'utf8').matchAll(
        /^\t([a-z0-9.-]+\.[a-z]+\/\S+) v\S+/gim,
      ),
    ].map((match) => match[1]!);
    const major = (modulePath: string) => /[./]v(\d+)$/.exec(modulePath)?.[1] ?? '1';
    const escape = (text: string) => text.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
    const proxy = path.join(root, 'proxy');
    const publish = (modulePath: string, version: string, files: Record<string, string>) => {
      const stage = mkdtempSync(path.join(root, 'zip-'));
      const top = path.join(stage, `${modulePath}@${version}`);
      const goMod = `module ${modulePath}\n\ngo 1.20\n`;
      for (const [name, body] of Object.entries({ ...files, 'go.mod': goMod, LICENSE: 'Apache License 2.0\n' })) {
        mkdirSync(path.dirname(path.join(top, name)), { recursive: true });
        writeFileSync(path.join(top, name), body);
      }
      const at = path.join(proxy, escape(modulePath), '@v');
      mkdirSync(at, { recursive: true });
      execFileSync('zip', ['-q', '-r', '-X', path.join(at, `${escape(version)}.zip`), `${modulePath}@${version}`], {
        cwd: stage,
      });
      writeFileSync(path.join(at, `${escape(version)}.mod`), goMod);
      writeFileSync(path.join(at, `${escape(version)}.info`), JSON.stringify({ Version: version }));
      writeFileSync(path.join(at, 'list'), `${version}\n`, { flag: 'a' });
      rmSync(stage, { recursive: true, force: true });
    };
    const moduleFiles = (modulePath: string, revision: number) => {
      const files: Record<string, string> = {};
      for (let p = 0; p < 5; p++)
        for (let f = 0; f < 6; f++)
          files[`pkg${p}/f${f}.go`] =
            `package pkg${p}\n\n// ${modulePath} revision ${revision}\n${'// filler line to give the file some weight\n'.repeat(40)}func F${f}() int { return ${f} }\n`;
      return files;
    };
    for (const modulePath of requires) publish(modulePath, `v${major(modulePath)}.0.0`, moduleFiles(modulePath, 0));
    // The bump: one file changed, one deleted, one added, as a real upgrade does.
    const bumped = requires[Math.floor(requires.length / 2)]!;
    const next = moduleFiles(bumped, 1);
    delete next['pkg0/f5.go'];
    next['pkg0/f6.go'] = 'package pkg0\n\nfunc F6() int { return 6 }\n';
    publish(bumped, `v${major(bumped)}.1.0`, next);

    const dir = path.join(root, 'moby');
    mkdirSync(dir, { recursive: true });
    const imports = requires.flatMap((m) => [0, 1, 2, 3, 4].map((p) => `\t_ "${m}/pkg${p}"`)).join('\n');
    writeFileSync(path.join(dir, 'main.go'), `package main\n\nimport (\n${imports}\n)\n\nfunc main() {}\n`);
    writeFileSync(
      path.join(dir, 'go.mod'),
      `module github.com/docker/docker\n\ngo 1.23.0\n\nrequire (\n${requires.map((m) => `\t${m} v${major(m)}.0.0\n`).join('')})\n`,
    );
    const env: NodeJS.ProcessEnv = {
      ...git.env,
      PATH: [path.dirname(goBinary()), process.env.PATH].join(path.delimiter),
      GOPATH: path.join(root, 'gopath'),
      GOMODCACHE: path.join(root, 'modcache'),
      GOCACHE: path.join(root, 'gocache'),
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOPROXY: `file://${proxy}`,
      GOSUMDB: 'off',
      XDG_CACHE_HOME: path.join(root, 'cache'),
    };
    const go = (...args: string[]) => execFileSync('go', args, { cwd: dir, env, stdio: 'pipe' });
    go('mod', 'tidy');
    go('mod', 'vendor');
    git.git(dir, 'init', '-q');
    git.git(dir, 'add', '-A');
    git.git(dir, 'commit', '-q', '-m', 'vendor');
    go('get', `${bumped}@v${major(bumped)}.1.0`);
    go('mod', 'vendor');
    git.git(dir, 'add', '-A');
    const vendored = git.git(dir, 'ls-files', 'vendor').split('\n').length;
    const changed = git.git(dir, 'diff', '--cached', '--name-only').split('\n').length;
    const cacheEnv = { GOMODCACHE: env.GOMODCACHE, GOPROXY: 'off', GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
    const runs = Number(process.env.BENCH_RUNS ?? 30);
    for (const { name, env: startupEnv } of startupEnvironments()) {
      const runEnv = { ...git.env, ...startupEnv, ...cacheEnv, XDG_CACHE_HOME: env.XDG_CACHE_HOME };
      const verdict = spawnSync(process.execPath, [bin, 'check', '--staged', '--json'], {
        cwd: dir,
        env: runEnv,
        encoding: 'utf8',
      });
      const bare: number[] = [];
      const staged: number[] = [];
      const firsts: number[] = [];
      // BENCH_BASELINE_BIN: another build of vendorfork (main's, say), timed in the same rounds.
      const baseline = process.env.BENCH_BASELINE_BIN;
      const before: number[] = [];
      for (let i = 0; i < runs; i++) {
        bare.push(timed([process.execPath, '-e', '0'], { cwd: dir, env: runEnv }));
        rmSync(path.join(dir, '.git/vendorfork/head-vendor-listing'), { force: true });
        firsts.push(timed([process.execPath, bin, 'check', '--staged'], { cwd: dir, env: runEnv }));
        staged.push(timed([process.execPath, bin, 'check', '--staged'], { cwd: dir, env: runEnv }));
        if (baseline) before.push(timed([process.execPath, baseline, 'check', '--staged'], { cwd: dir, env: runEnv }));
      }
      const [b, s, first] = [median(bare), median(staged), median(firsts)];
      console.log(
        `\ncheck --staged, a module commit of moby's size (${requires.length} modules, ${vendored} vendored files, ${changed} staged changes; ${bumped} bumped), module cache warm, ${name}, median of ${runs} interleaved runs (exit ${verdict.status}):`,
      );
      console.log(`  node -e 0                 ${b.toFixed(1)} ms`);
      console.log(`  vendorfork check --staged ${s.toFixed(1)} ms  = ${(s / b).toFixed(2)}x bare node (goal: <= 1.5x)`);
      console.log(`  the same, HEAD just moved ${first.toFixed(1)} ms  = ${(first / b).toFixed(2)}x bare node`);
      if (baseline)
        console.log(`  ${baseline}: ${median(before).toFixed(1)} ms  = ${(median(before) / b).toFixed(2)}x bare node`);
      // A check that compared nothing would be fast for the wrong reason.
      if (verdict.status !== 0 || verdict.stdout.includes('vendor-unverified'))
        console.log(`  (the check did not pass cleanly: ${verdict.stdout.slice(0, 300)})`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * verify against moby's old validation, on a project with as many
 * dependencies as moby's vendor.conf (125), each a local repository of 40
 * files and 20 commits: a full vndr run plus git status (what
 * hack/validate/vendor did) against vendorfork verify with a warm cache.
 */
function benchVerify(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-verify-'));
  try {
    const count = Number(process.env.BENCH_VERIFY_DEPS ?? 125);
    const { dir, env, vndr } = benchProject(root, { dependencies: count, files: 40, commits: 20, filler: 40 });
    // Warm the cache once, as a second CI run (or a developer's second run) would find it.
    timed([process.execPath, bin, 'verify'], { cwd: dir, env });
    const rounds = Number(process.env.BENCH_VERIFY_RUNS ?? 3);
    const old: number[] = [];
    const verifyTimes: number[] = [];
    const clonesOnly: number[] = [];
    const trees = path.join(env.XDG_CACHE_HOME!, 'vendorfork/trees');
    for (let i = 0; i < rounds; i++) {
      old.push(
        timed([vndr], { cwd: dir, env }) + timed(['git', 'status', '--porcelain', '--', 'vendor'], { cwd: dir, env }),
      );
      verifyTimes.push(timed([process.execPath, bin, 'verify'], { cwd: dir, env }));
      // The cached tree listings forgotten: one git ls-tree per entry, as a cache restored without them would do.
      rmSync(trees, { recursive: true, force: true });
      clonesOnly.push(timed([process.execPath, bin, 'verify'], { cwd: dir, env }));
    }
    const [o, v, c] = [median(old), median(verifyTimes), median(clonesOnly)];
    console.log(
      `\nverify, ${count} dependencies of 40 files and 20 commits (${count * 40} vendored files), median of ${rounds} interleaved rounds:`,
    );
    console.log(`  full vndr + git status               ${o.toFixed(0)} ms`);
    console.log(
      `  vendorfork verify, warm cache        ${v.toFixed(0)} ms  = ${(o / v).toFixed(1)}x faster (goal: >= 20x)`,
    );
    console.log(`  vendorfork verify, clones but no trees ${c.toFixed(0)} ms  = ${(o / c).toFixed(1)}x faster`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * A Go project under a temporary GOPATH that imports `dependencies` local
 * repositories (github.com/bench/depNNN, built with one git fast-import each:
 * `files` files, `commits` commits), vendored with the real vndr and committed.
 */
type Shape = { files: number; commits: number; filler: number };

function benchProject(root: string, project: Shape & { dependencies: number; first?: Shape }) {
  const git = new GitWorld(root);
  const hosted = path.join(root, 'hosted');
  const width = String(project.dependencies - 1).length;
  const deps: { importPath: string; sha: string }[] = [];
  for (let d = 0; d < project.dependencies; d++) {
    const shape = d === 0 && project.first ? project.first : project;
    const name = `dep${String(d).padStart(width, '0')}`;
    const bare = path.join(hosted, 'bench', `${name}.git`);
    git.git(root, 'init', '-q', '--bare', bare);
    let stream = '';
    for (let c = 0; c < shape.commits; c++) {
      stream += `commit refs/heads/master\ncommitter B <b@example.com> ${1_600_000_000 + c} +0000\ndata 7\ncommit\n`;
      for (const f of c === 0 ? Array.from({ length: shape.files }, (_, i) => i) : [c % shape.files]) {
        const body = `package ${name}\n\n// revision ${c}\n${'// filler line to give the file some weight\n'.repeat(shape.filler)}func F${f}() int { return ${c} }\n`;
        stream += `M 100644 inline f${f}.go\ndata ${Buffer.byteLength(body)}\n${body}\n`;
      }
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: bare, input: stream, env: git.env });
    deps.push({ importPath: `github.com/bench/${name}`, sha: git.git(bare, 'rev-parse', 'master') });
  }
  git.config(`url.${hosted}/.insteadOf`, 'https://github.com/');
  const gopath = path.join(root, 'gopath');
  const dir = path.join(gopath, 'src/github.com/bench/app');
  mkdirSync(dir, { recursive: true });
  git.git(dir, 'init', '-q');
  const imports = deps.map((d, i) => `\td${i} "${d.importPath}"`).join('\n');
  const uses = deps.map((_, i) => `\t_ = d${i}.F0()`).join('\n');
  writeFileSync(path.join(dir, 'main.go'), `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n${uses}\n}\n`);
  writeFileSync(path.join(dir, 'vendor.conf'), deps.map((d) => `${d.importPath} ${d.sha}`).join('\n') + '\n');
  const vndr = testVndr();
  const env: NodeJS.ProcessEnv = {
    ...git.env,
    PATH: [path.dirname(goBinary()), process.env.PATH].join(path.delimiter),
    GOPATH: gopath,
    XDG_CACHE_HOME: path.join(root, 'cache'),
    VNDR: vndr,
  };
  execFileSync(vndr, [], { cwd: dir, env, stdio: 'pipe' });
  git.git(dir, 'add', '-A');
  git.git(dir, 'commit', '-q', '-m', 'vendor');
  return { git, hosted, deps, dir, env, vndr };
}

/**
 * The module paths and versions of the corpus's latest moby vendor.mod (its requirements: ~150 modules),
 * each synthesized as a small module (a go.mod and one file) in a GOPROXY tree of files, served as
 * file://: a module graph of real size, without the network. +incompatible versions (no go.mod allowed)
 * are left out.
 */
function mobySizedProxy(root: string): string[] {
  const latest = readdirSync(path.join(corpusRoot, 'gomod'))
    .filter((name) => name.startsWith('moby-vendor__'))
    .sort()
    .at(-1)!;
  const text = readFileSync(path.join(corpusRoot, 'gomod', latest), 'utf8');
  const requires = parseModFile(text).requirements.filter((r) => !r.version.endsWith('+incompatible'));
  const escape = (s: string) => s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
  const imports: string[] = [];
  for (const { path: modulePath, version } of requires) {
    const dir = path.join(root, escape(modulePath), '@v');
    mkdirSync(dir, { recursive: true });
    const goMod = `module ${modulePath}\n\ngo 1.20\n`;
    writeFileSync(path.join(dir, 'list'), `${version}\n`);
    writeFileSync(
      path.join(dir, `${escape(version)}.info`),
      JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }),
    );
    writeFileSync(path.join(dir, `${escape(version)}.mod`), goMod);
    const prefix = `${modulePath}@${version}/`;
    const body = `package p\n\n${'// filler line to give the file some weight\n'.repeat(60)}func F() int { return 1 }\n`;
    writeFileSync(
      path.join(dir, `${escape(version)}.zip`),
      storedZip([
        { name: `${prefix}go.mod`, data: Buffer.from(goMod) },
        { name: `${prefix}p.go`, data: Buffer.from(body) },
      ]),
    );
    imports.push(modulePath);
  }
  return imports.map((m) => `${m} ${requires.find((r) => r.path === m)!.version}`);
}

/** A zip of stored (uncompressed) files, as the module zips of a GOPROXY tree. */
function storedZip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, file.data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(file.data.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * set on one module of a moby-sized module project: the 20 bench modules (git repositories, one forked)
 * and the ~150 of moby's vendor.mod from a file:// GOPROXY tree, every package imported, so that go mod
 * vendor vendors them all. set runs go through a wrapper that notes when the `go mod vendor` inside it
 * started and ended: set / that go mod vendor is vendorfork's own cost, free of the machine's swings.
 */
function benchModuleSet(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-bench-modules-'));
  try {
    const git = new GitWorld(root);
    const hosted = path.join(root, 'hosted');
    const proxy = path.join(root, 'proxy');
    const moby = mobySizedProxy(proxy);
    const modules: string[] = [];
    for (let m = 0; m < 20; m++) {
      const name = `mod${String(m).padStart(2, '0')}`;
      const bare = path.join(hosted, 'bench', `${name}.git`);
      git.git(root, 'init', '-q', '--bare', bare);
      let stream = `commit refs/heads/master\ncommitter B <b@example.com> 1600000000 +0000\ndata 7\ncommit\n`;
      const goMod = `module github.com/bench/${name}\n\ngo 1.20\n`;
      stream += `M 100644 inline go.mod\ndata ${Buffer.byteLength(goMod)}\n${goMod}\n`;
      for (let f = 0; f < 60; f++) {
        const body = `package ${name}\n\n${'// filler line to give the file some weight\n'.repeat(60)}func F${f}() int { return ${f} }\n`;
        stream += `M 100644 inline f${f}.go\ndata ${Buffer.byteLength(body)}\n${body}\n`;
      }
      execFileSync('git', ['fast-import', '--quiet'], { cwd: bare, input: stream, env: git.env });
      git.git(bare, 'tag', 'v1.0.0', 'master');
      modules.push(`github.com/bench/${name}`);
    }
    const forkWork = path.join(root, 'work/fork');
    git.git(root, 'clone', '-q', path.join(hosted, 'bench/mod00.git'), forkWork);
    const forkSha = git.commit(forkWork, { 'f0.go': 'package mod00\n\nfunc F0() int { return -1 }\n' }, 'fork: fix F0');
    git.bare(forkWork, path.join(hosted, 'benchfork/mod00.git'));
    git.config(`url.${hosted}/.insteadOf`, 'https://github.com/');
    const dir = path.join(root, 'app');
    mkdirSync(dir, { recursive: true });
    const imports = modules.map((m, i) => `\td${i} "${m}"`).join('\n');
    const uses = modules.map((_, i) => `\t_ = d${i}.F0()`).join('\n');
    const blank = moby.map((m) => `\t_ "${m.split(' ')[0]}"`).join('\n');
    writeFileSync(
      path.join(dir, 'main.go'),
      `package main\n\nimport (\n${imports}\n${blank}\n)\n\nfunc main() {\n${uses}\n}\n`,
    );
    writeFileSync(
      path.join(dir, 'go.mod'),
      `module example.com/app\n\ngo 1.20\n\nrequire (\n${[...modules.map((m) => `${m} v1.0.0`), ...moby].map((m) => `\t${m}\n`).join('')})\n`,
    );
    const online: NodeJS.ProcessEnv = {
      ...git.env,
      PATH: [path.dirname(goBinary()), process.env.PATH].join(path.delimiter),
      GOPATH: path.join(root, 'gopath'),
      GOMODCACHE: path.join(root, 'modcache'),
      GOCACHE: path.join(root, 'gocache'),
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOPROXY: `file://${proxy},direct`,
      GOSUMDB: 'off',
      XDG_CACHE_HOME: path.join(root, 'cache'),
    };
    const go = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      execFileSync('go', args, { cwd: dir, env, stdio: 'pipe' });
    go(online, 'mod', 'tidy');
    go(online, 'mod', 'vendor');
    go(online, 'mod', 'download', `github.com/benchfork/mod00@${forkSha}`);
    git.git(dir, 'init', '-q');
    git.git(dir, 'add', '-A');
    git.git(dir, 'commit', '-q', '-m', 'vendor');
    // From here, nothing from the network: the module cache answers.
    const env: NodeJS.ProcessEnv = { ...online, GOPROXY: 'off' };
    const restore = () => git.git(dir, 'checkout', '-q', '--', '.');
    const rounds = Number(process.env.BENCH_SET_RUNS ?? 6);
    const times = { set: [] as number[], hand: [] as number[], vendor: [] as number[], inner: [] as number[] };
    // go on set's PATH is a wrapper that times the go mod vendor inside set (bash's start, ~3 ms, counts against set).
    const wrapped = path.join(root, 'go-wrapper');
    mkdirSync(wrapped);
    const goTimes = path.join(root, 'go-times');
    writeFileSync(
      path.join(wrapped, 'go'),
      `#!/bin/bash\nif [ "$1 $2" = "mod vendor" ]; then s=$EPOCHREALTIME; "${goBinary()}" "$@"; rc=$?; echo "$s $EPOCHREALTIME" >> "${goTimes}"; exit $rc; fi\nexec "${goBinary()}" "$@"\n`,
      { mode: 0o755 },
    );
    const setEnv = { ...env, PATH: [wrapped, env.PATH].join(path.delimiter) };
    let setWrote: { mod: string; sum: string } | undefined;
    for (let i = 0; i < rounds; i++) {
      times.set.push(
        timed([process.execPath, bin, 'set', 'github.com/bench/mod00', `benchfork/mod00@${forkSha}`, '--offline'], {
          cwd: dir,
          env: setEnv,
        }),
      );
      const [began, ended] = readFileSync(goTimes, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      times.inner.push((ended! - began!) * 1000);
      setWrote = {
        mod: readFileSync(path.join(dir, 'go.mod'), 'utf8'),
        sum: readFileSync(path.join(dir, 'go.sum'), 'utf8'),
      };
      if (!setWrote.mod.includes('benchfork')) throw new Error('set changed nothing');
      restore();
      const start = process.hrtime.bigint();
      go(
        { ...env, GOFLAGS: '-mod=mod -modcacherw' },
        'mod',
        'edit',
        `-replace=github.com/bench/mod00=github.com/benchfork/mod00@${forkSha}`,
      );
      go({ ...env, GOFLAGS: '-mod=mod -modcacherw' }, 'mod', 'tidy');
      go(env, 'mod', 'vendor');
      times.hand.push(Number(process.hrtime.bigint() - start) / 1e6);
      restore();
      writeFileSync(path.join(dir, 'go.mod'), setWrote.mod);
      writeFileSync(path.join(dir, 'go.sum'), setWrote.sum);
      times.vendor.push(timed(['go', 'mod', 'vendor'], { cwd: dir, env }));
      restore();
    }
    const [set, hand, vendor, inner] = [
      median(times.set),
      median(times.hand),
      median(times.vendor),
      median(times.inner),
    ];
    console.log(
      `\nset on one module of a ${modules.length + moby.length}-module go.mod project (moby's vendor.mod from a file:// GOPROXY, and 20 git modules), real go, warm module cache, median of ${rounds} interleaved rounds:`,
    );
    console.log(`  go mod vendor alone                         ${vendor.toFixed(0)} ms`);
    console.log(`  the go mod vendor inside set                ${inner.toFixed(0)} ms`);
    console.log(`  by hand: go mod edit -replace, tidy, vendor ${hand.toFixed(0)} ms`);
    console.log(
      `  vendorfork set --offline                    ${set.toFixed(0)} ms  = ${(set / vendor).toFixed(2)}x go mod vendor alone, ${(set / hand).toFixed(2)}x the same by hand`,
    );
    // Rounds seconds apart swing with the machine's load: each round's own ratios move less than the medians.
    const perRound = (other: number[]) => times.set.map((t, i) => t / other[i]!).sort((a, b) => a - b);
    for (const [label, ratios] of [
      ['set / its go mod vendor', perRound(times.inner)],
      ['set / go mod vendor', perRound(times.vendor)],
      ['set / by hand      ', perRound(times.hand)],
    ] as const)
      console.log(
        `  per round, ${label} median ${median(ratios).toFixed(2)}x, from ${ratios[0]!.toFixed(2)}x to ${ratios.at(-1)!.toFixed(2)}x`,
      );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
