// npm run bench: throughput and start-up figures, each measured side by side
// with its baseline in the same run (these machines are shared and noisy, so
// only ratios are comparable across runs). Writes nothing; copy the figures
// into docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.VENDORFORK_CORPUS ?? path.resolve(root, '../shared/corpus');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function corpusTexts() {
  const texts = [];
  for (const folder of ['moby-sample', 'other']) {
    for (const name of readdirSync(path.join(corpus, folder)))
      texts.push(readFileSync(path.join(corpus, folder, name), 'latin1'));
  }
  return texts;
}

function throughput(texts, fn, seconds = 1.5) {
  const bytes = texts.reduce((sum, t) => sum + t.length, 0);
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const text of texts) fn(text);
    rounds++;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { mbPerSecond: (bytes * rounds) / elapsed / 1e6, filesPerSecond: (texts.length * rounds) / elapsed };
}

/** Runs each command `runs` times, interleaved so that load on the machine hits all of them alike. */
function interleaved(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ argv, cwd }, index) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'ignore' });
      if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited ${result.status}`);
      times[index].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map(median);
}

const report = [];
const line = (text) => {
  report.push(text);
  console.log(text);
};

line(
  `vendorfork bench, ${new Date().toISOString()}, node ${process.version}, ${execFileSync('nproc').toString().trim()} cores`,
);

if (want('parse')) {
  const texts = corpusTexts();
  const baseline = throughput(texts, (text) => text.split('\n').join('\n'));
  const roundTrip = throughput(texts, (text) => parse(text).toString());
  const withDiagnostics = throughput(texts, (text) => parse(text).diagnostics);
  line(`\nparse + print over the corpus (${texts.length} files):`);
  line(
    `  parse+print        ${roundTrip.mbPerSecond.toFixed(1)} MB/s, ${Math.round(roundTrip.filesPerSecond)} files/s`,
  );
  line(
    `  parse+diagnostics  ${withDiagnostics.mbPerSecond.toFixed(1)} MB/s, ${Math.round(withDiagnostics.filesPerSecond)} files/s`,
  );
  line(
    `  split+join (floor) ${baseline.mbPerSecond.toFixed(1)} MB/s; parse+print takes ${(baseline.mbPerSecond / roundTrip.mbPerSecond).toFixed(1)}x its time`,
  );
}

if (want('startup')) {
  const moby = path.join(root, '__fixtures__/example/vendor.conf');
  const bin = path.join(root, 'bin/vendorfork.js');
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const [bare, check, help] = interleaved(
    [
      { argv: [process.execPath, '-e', '0'], cwd: root },
      { argv: [process.execPath, bin, 'check', '--file', moby], cwd: root },
      { argv: [process.execPath, bin, '--help'], cwd: root },
    ],
    runs,
  );
  line(
    `\ncold start, median of ${runs} interleaved runs (moby-sized file, ${parse(readFileSync(moby, 'utf8')).entries.length} entries):`,
  );
  line(`  node -e 0            ${bare.toFixed(1)} ms`);
  line(`  vendorfork check     ${check.toFixed(1)} ms  = ${(check / bare).toFixed(2)}x bare node (goal: <= 1.5x)`);
  line(`  vendorfork --help    ${help.toFixed(1)} ms  = ${(help / bare).toFixed(2)}x bare node`);
}
