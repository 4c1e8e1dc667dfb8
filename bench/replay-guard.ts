// Replays the pre-commit guard on real history (issue 19): stages real commits
// of moby, docker/cli and containerd exactly as their authors had them
// (checkout C, reset --soft C^), runs `vendorfork check --staged` on each, then
// injects hand edits, deletions and added files under vendor/ and checks each is
// caught. Run by hand, never by npm test; it reads the local mirrors and the
// Go module proxy. See docs/benchmarks.md ("Replaying the guard on real history").
//
//   npx tsx bench/replay-guard.ts --cli /work/wt/BRANCH/bin/vendorfork.cjs [--per-era N] [--offset K | --seed S]
//                                 [--eras moby-mod,moby-conf,cli-mod,containerd] [--only REPO:SHA] [--list]
//                                 [--online] [--runs N] [--work DIR] [--gomodcache DIR] [--json FILE]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    cli: { type: 'string' },
    work: { type: 'string', default: '/tmp/vendorfork-replay' },
    gomodcache: { type: 'string', default: '/tmp/vendorfork-replay/gomodcache' },
    'per-era': { type: 'string' },
    offset: { type: 'string', default: '0' },
    seed: { type: 'string' },
    eras: { type: 'string' },
    only: { type: 'string', multiple: true },
    'no-named': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    online: { type: 'boolean', default: false },
    'no-warm': { type: 'boolean', default: false },
    'no-inject': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    json: { type: 'string' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (options.help || (!options.cli && !options.list && !options.from)) {
  console.log(
    'usage: npx tsx bench/replay-guard.ts --cli PATH/bin/vendorfork.cjs [--per-era N] [--offset K | --seed S]\n' +
      '         [--eras moby-mod,moby-conf,cli-mod,containerd] [--only REPO:SHA]... [--no-named] [--list]\n' +
      '         [--online] [--no-warm] [--no-inject] [--runs N] [--work DIR] [--gomodcache DIR] [--json FILE]\n' +
      '       npx tsx bench/replay-guard.ts --from FILE.json   (re-print a saved run)\n' +
      'REPO is moby, cli or containerd. See docs/benchmarks.md.',
  );
  process.exit(options.help ? 0 : 2);
}

interface Repo {
  key: string;
  mirror: string;
}
const REPOS: Record<string, Repo> = {
  moby: { key: 'moby', mirror: '/work/.mirror/moby+moby/repo' },
  cli: { key: 'cli', mirror: '/work/.mirror/docker+cli/repo' },
  containerd: { key: 'containerd', mirror: '/work/.mirror/containerd+containerd/repo' },
};

interface Era {
  name: string;
  repo: string;
  manifest: 'vendor.mod' | 'vendor.conf' | 'go.mod';
  since?: string;
  until?: string;
  /** The era ends where the repository gained this file (moby's vendor.mod gave way to go.mod in 2025). */
  absent?: string;
  count: number;
  /** Commits the issue names: included when they are candidates of the era. */
  named: string[];
}
const ERAS: Era[] = [
  {
    name: 'moby-mod',
    repo: 'moby',
    manifest: 'vendor.mod',
    since: '2022-01-01',
    until: '2025-12-31',
    absent: 'go.mod',
    count: 15,
    named: ['eaa74497b8'],
  },
  {
    name: 'moby-conf',
    repo: 'moby',
    manifest: 'vendor.conf',
    since: '2017-01-01',
    until: '2021-12-31',
    count: 15,
    named: [],
  },
  { name: 'cli-mod', repo: 'cli', manifest: 'vendor.mod', count: 15, named: ['dc9e069ff2', '06914dd0ff'] },
  {
    name: 'containerd',
    repo: 'containerd',
    manifest: 'go.mod',
    count: 10,
    named: ['14b053fb48', 'ce116d4c59'],
  },
];

const work = path.resolve(options.work);
const gomodcache = path.resolve(options.gomodcache);
const cli = options.cli ? path.resolve(options.cli) : '';
const runs = Math.max(1, Number(options.runs));
mkdirSync(work, { recursive: true });

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  input?: string,
): { status: number; stdout: string; stderr: string; ms: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: 'pipe',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { status: result.status ?? 128, stdout: result.stdout, stderr: result.stderr, ms };
}

function git(dir: string, args: string[], input?: string): string {
  const result = run('git', args, dir, process.env, input);
  if (result.status !== 0)
    throw new Error(`git ${args.join(' ')} (in ${dir}) exited ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** One clone per repository, sharing the mirror's objects; never fetched from again. */
function clone(repo: Repo): string {
  const dir = path.join(work, repo.key);
  if (!existsSync(path.join(dir, '.git'))) {
    console.error(`cloning ${repo.mirror} into ${dir}`);
    git(work, ['clone', '--quiet', '--shared', '--no-checkout', repo.mirror, dir]);
  }
  // What another build of the CLI kept in .git/vendorfork/ (its format may differ) must not answer for this one.
  rmSync(path.join(dir, '.git/vendorfork'), { recursive: true, force: true });
  return dir;
}

/**
 * The era's candidates, oldest first: non-merge commits that change the
 * manifest (`git log -- MANIFEST`) and vendor/ (its tree id differs from the
 * parent's), within the era's dates, without the era's `absent` file. Tree ids
 * come from the root trees only: the mirrors lack a few objects deep in history.
 */
function candidates(era: Era, dir: string): string[] {
  // From the clone's default branch, not HEAD: replaying moves HEAD.
  const args = ['log', '--no-merges', '--format=%H', 'origin/HEAD'];
  if (era.since) args.push(`--since=${era.since}`);
  if (era.until) args.push(`--until=${era.until}T23:59:59Z`);
  args.push('--', era.manifest);
  const commits = git(dir, args).split('\n').filter(Boolean).reverse();
  const queries = commits.flatMap((c) => [
    `${c}:vendor`,
    `${c}^:vendor`,
    ...(era.absent ? [`${c}:${era.absent}`] : []),
  ]);
  const answers = git(dir, ['cat-file', '--batch-check=%(objectname)'], queries.join('\n') + '\n').split('\n');
  const width = era.absent ? 3 : 2;
  return commits.filter((_, i) => {
    const [vendor, parentVendor, absent] = answers.slice(i * width, i * width + width);
    const missing = (answer?: string) => !answer || answer.endsWith(' missing');
    if (missing(vendor) || vendor === parentVendor) return false;
    return !era.absent || missing(absent);
  });
}

const hashOf = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * The rule: the issue's named commits of the era (unless --no-named), then
 * every Nth candidate (N = candidates / count) starting at --offset within the
 * stride, or, with --seed, the candidates ordered by sha1(seed + sha).
 */
function select(era: Era, all: string[], count: number): string[] {
  const chosen: string[] = [];
  if (!options['no-named'])
    for (const prefix of era.named) {
      const match = all.find((c) => c.startsWith(prefix));
      if (match && chosen.length < count) chosen.push(match);
    }
  const rest = all.filter((c) => !chosen.includes(c));
  const wanted = count - chosen.length;
  if (wanted <= 0 || rest.length === 0) return chosen;
  if (options.seed !== undefined) {
    const seed = options.seed;
    const ordered = [...rest].sort((a, b) => hashOf(seed + a).localeCompare(hashOf(seed + b)));
    return [...chosen, ...ordered.slice(0, wanted)];
  }
  const stride = Math.max(1, Math.floor(rest.length / wanted));
  const offset = Number(options.offset) % stride;
  for (let i = 0; i < wanted && offset + i * stride < rest.length; i++) chosen.push(rest[offset + i * stride]!);
  return chosen;
}

// ---------------------------------------------------------------------------
// Reading what a commit vendors

interface Unit {
  /** Module path or vendor.conf import path. */
  name: string;
  /** The line that pins it: modules.txt's "# ..." header, or vendor.conf's line. */
  pin: string;
  /** Directories under vendor/ (no prefix) whose files belong to it. */
  dirs: string[];
  /** module@version pairs to download (modules only). */
  download?: string;
}

function parseModulesTxt(text: string): Map<string, Unit> {
  const units = new Map<string, Unit>();
  let current: Unit | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      const fields = line.slice(2).trim().split(/\s+/);
      // go lists every replace directive again at the end ("# path => target"): the module's own block came first.
      if (fields[1] === '=>' && units.has(fields[0]!)) {
        current = undefined;
        continue;
      }
      const arrow = fields.indexOf('=>');
      const target = arrow >= 0 ? fields.slice(arrow + 1) : fields;
      const download = target.length === 2 && !target[0]!.startsWith('.') ? `${target[0]}@${target[1]}` : undefined;
      current = { name: fields[0]!, pin: line.slice(2).trim(), dirs: [], download };
      units.set(current.name, current);
    } else if (line.startsWith('#')) continue;
    else if (line.trim() !== '' && current) current.dirs.push(line.trim());
  }
  return units;
}

function parseVendorConf(text: string): Map<string, Unit> {
  const units = new Map<string, Unit>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    units.set(fields[0]!, { name: fields[0]!, pin: fields.join(' '), dirs: [fields[0]!] });
  }
  return units;
}

function readBlob(dir: string, spec: string): string | undefined {
  const result = run('git', ['cat-file', 'blob', spec], dir);
  return result.status === 0 ? result.stdout : undefined;
}

/** The units of the staged tree (":") or of HEAD ("HEAD:"). */
function unitsAt(dir: string, era: Era, prefix: string): Map<string, Unit> {
  if (era.manifest === 'vendor.conf') return parseVendorConf(readBlob(dir, `${prefix}vendor.conf`) ?? '');
  return parseModulesTxt(readBlob(dir, `${prefix}vendor/modules.txt`) ?? '');
}

/** Which unit a vendored file belongs to: modules by package directory, vendor.conf by longest import-path prefix. */
function owner(units: Map<string, Unit>, era: Era, file: string): string | undefined {
  const rel = file.slice('vendor/'.length);
  if (era.manifest !== 'vendor.conf') {
    const dir = path.posix.dirname(rel);
    for (const unit of units.values()) if (unit.dirs.includes(dir)) return unit.name;
    return undefined;
  }
  let best: string | undefined;
  for (const name of units.keys()) if (rel.startsWith(name + '/') && (!best || name.length > best.length)) best = name;
  return best;
}

// ---------------------------------------------------------------------------
// The module cache

const goEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GOMODCACHE: gomodcache,
  GOFLAGS: '-mod=mod',
  GOTOOLCHAIN: 'local',
  GOSUMDB: 'off',
  GONOSUMDB: '*',
  GOPROXY: process.env.GOPROXY ?? (run('go', ['env', 'GOPROXY'], work).stdout.trim() || 'https://proxy.golang.org'),
};
const downloaded = new Set<string>();

function escapeModule(text: string): string {
  return text.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** Downloads the listed module@version pairs not in the cache yet; returns go's errors, one per failed module. */
function warm(pairs: string[]): { fetched: number; errors: string[]; ms: number } {
  const missing = pairs.filter((pair) => {
    if (downloaded.has(pair)) return false;
    const at = pair.lastIndexOf('@');
    const extracted = path.join(gomodcache, `${escapeModule(pair.slice(0, at))}@${escapeModule(pair.slice(at + 1))}`);
    if (existsSync(extracted)) {
      downloaded.add(pair);
      return false;
    }
    return true;
  });
  if (missing.length === 0) return { fetched: 0, errors: [], ms: 0 };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-replay-dl-'));
  const errors: string[] = [];
  let ms = 0;
  try {
    // Outside any module: `go mod download m@v` needs no go.mod (and no stub of moby's vendor.mod).
    const env = { ...goEnv, GOFLAGS: '' };
    for (let i = 0; i < missing.length; i += 50) {
      const batch = missing.slice(i, i + 50);
      const result = run('go', ['mod', 'download', '-json', ...batch], scratch, env);
      ms += result.ms;
      for (const chunk of result.stdout.split(/\n}\n?/)) {
        if (!chunk.trim()) continue;
        try {
          const info = JSON.parse(chunk + '}') as { Path: string; Version: string; Error?: string };
          if (info.Error) errors.push(`${info.Path}@${info.Version}: ${info.Error.split('\n')[0]}`);
          else downloaded.add(`${info.Path}@${info.Version}`);
        } catch {
          errors.push(`unreadable go mod download output: ${chunk.slice(0, 200)}`);
        }
      }
      if (result.status !== 0 && errors.length === 0) errors.push(result.stderr.trim().split('\n')[0] ?? 'go failed');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { fetched: missing.length, errors, ms };
}

// ---------------------------------------------------------------------------
// Staging and checking

function stage(dir: string, sha: string): string | undefined {
  const checkout = run('git', ['checkout', '--quiet', '--force', '--detach', sha], dir);
  if (checkout.status !== 0) return checkout.stderr.trim().split('\n').slice(-1)[0];
  git(dir, ['clean', '-q', '-fdx']);
  git(dir, ['reset', '--quiet', '--soft', `${sha}^`]);
  return undefined;
}

const cliEnv: NodeJS.ProcessEnv = {
  ...goEnv,
  XDG_CACHE_HOME: path.join(work, 'xdg-cache'),
  NO_COLOR: '1',
};

interface Verdict {
  exit: number;
  ms: number;
  codes: string[];
  /** Errors' messages and files, to tell whether a file was named. */
  errors: { code: string; text: string }[];
  /** The vendor-unverified warnings' messages: what the check said it could not compare. */
  unverified: string[];
  stderr?: string;
}

function check(dir: string): Verdict {
  const args = [cli, 'check', '--staged', '--json'];
  if (options.online) args.push('--online');
  const result = run(process.execPath, args, dir, cliEnv);
  let codes: string[];
  let errors: Verdict['errors'] = [];
  let unverified: string[] = [];
  try {
    const parsed = JSON.parse(result.stdout) as {
      diagnostics?: { severity: string; code: string; message: string; files?: string[] }[];
    };
    const diagnostics = parsed.diagnostics ?? [];
    codes = diagnostics.map((d) => (d.severity === 'error' ? d.code : `${d.code}(w)`));
    errors = diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ code: d.code, text: [d.message, ...(d.files ?? [])].join('\n') }));
    unverified = diagnostics.filter((d) => d.code === 'vendor-unverified').map((d) => d.message);
  } catch {
    codes = ['(no JSON)'];
  }
  return {
    exit: result.status,
    ms: result.ms,
    codes: [...new Set(codes)],
    errors,
    unverified,
    ...(result.status > 1 || codes[0] === '(no JSON)' ? { stderr: result.stderr.trim().slice(0, 400) } : {}),
  };
}

function nodeBaseline(): number {
  return run(process.execPath, ['-e', '0'], work, cliEnv).ms;
}

type Kind = 'edit' | 'delete' | 'add';
interface Injection {
  kind: Kind;
  moved: boolean;
  unit?: string;
  file?: string;
  exit?: number;
  codes?: string[];
  outcome: 'caught' | 'MISSED' | 'blocked, file not named' | 'n/a';
  /** Not caught, and the check said it could not compare this unit (not in the module cache, no pinned tree). */
  unverified?: boolean;
  note?: string;
}

/** Deterministic choice: the unit and file with the lowest sha1(seed, commit, name). */
function pickFile(
  files: string[],
  units: Map<string, Unit>,
  era: Era,
  sha: string,
  want: (unit: string) => boolean,
): { unit: string; file: string } | undefined {
  const byUnit = new Map<string, string[]>();
  for (const file of files) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    const unit = owner(units, era, file);
    if (unit === undefined || !want(unit)) continue;
    (byUnit.get(unit) ?? byUnit.set(unit, []).get(unit)!).push(file);
  }
  const seed = options.seed ?? '';
  const order = (a: string, b: string) => hashOf(seed + sha + a).localeCompare(hashOf(seed + sha + b));
  const unit = [...byUnit.keys()].sort(order)[0];
  if (unit === undefined) return undefined;
  return { unit, file: byUnit.get(unit)!.sort(order)[0]! };
}

function named(verdict: Verdict, file: string): boolean {
  const rel = file.slice('vendor/'.length);
  return verdict.errors.some((e) => e.text.includes(file) || e.text.includes(rel));
}

function inject(dir: string, sha: string, kind: Kind, target: { unit: string; file: string }): Verdict {
  const file = target.file;
  const absolute = path.join(dir, file);
  let injected = file;
  if (kind === 'edit') {
    writeFileSync(absolute, readFileSync(absolute, 'utf8') + '\n// a hand edit the replay made\n');
    git(dir, ['add', '--', file]);
  } else if (kind === 'delete') {
    git(dir, ['rm', '--quiet', '--cached', '--', file]);
    unlinkSync(absolute);
  } else {
    const pkg = /^package\s+(\w+)/m.exec(readFileSync(absolute, 'utf8'))?.[1] ?? 'main';
    injected = path.posix.join(path.posix.dirname(file), 'zz_replay_added.go');
    writeFileSync(path.join(dir, injected), `package ${pkg}\n\n// a file the replay added by hand\n`);
    git(dir, ['add', '--', injected]);
  }
  target.file = injected;
  void sha;
  return check(dir);
}

// ---------------------------------------------------------------------------

interface CommitResult {
  era: string;
  repo: string;
  sha: string;
  subject: string;
  date: string;
  skipped?: string;
  moved?: string[];
  warm?: { fetched: number; errors: string[]; ms: number };
  verdict?: Verdict;
  warmRunsMs?: number[];
  injections?: Injection[];
}

const results: CommitResult[] = [];
const baselines: Record<string, number[]> = {};
const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function eraOf(repo: string, dir: string, sha: string): Era {
  const has = (file: string) => run('git', ['cat-file', '-e', `${sha}:${file}`], dir).status === 0;
  const manifest = has('vendor.conf') ? 'vendor.conf' : has('vendor.mod') ? 'vendor.mod' : 'go.mod';
  const era = ERAS.find((e) => e.repo === repo && e.manifest === manifest);
  // A commit outside the four eras (docker/cli or containerd before modules) gets an era of its own name.
  return era ?? { name: `${repo}-${manifest === 'vendor.conf' ? 'conf' : 'mod'}`, repo, manifest, count: 1, named: [] };
}

function plan(): { era: Era; dir: string; sha: string }[] {
  const planned: { era: Era; dir: string; sha: string }[] = [];
  if (options.only?.length) {
    for (const spec of options.only) {
      const [key, rev] = spec.split(':');
      const repo = REPOS[key ?? ''];
      if (!repo || !rev)
        throw new Error(`--only ${spec}: expected REPO:SHA with REPO one of ${Object.keys(REPOS).join(', ')}`);
      const dir = clone(repo);
      const sha = git(dir, ['rev-parse', '--verify', `${rev}^{commit}`]).trim();
      planned.push({ era: eraOf(repo.key, dir, sha), dir, sha });
    }
    return planned;
  }
  const wanted = options.eras?.split(',');
  for (const era of ERAS) {
    if (wanted && !wanted.includes(era.name)) continue;
    const dir = clone(REPOS[era.repo]!);
    const all = candidates(era, dir);
    const count = options['per-era'] !== undefined ? Number(options['per-era']) : era.count;
    const chosen = select(era, all, count);
    console.error(`${era.name}: ${all.length} candidates, ${chosen.length} selected`);
    for (const sha of chosen) planned.push({ era, dir, sha });
  }
  return planned;
}

function replay(era: Era, dir: string, sha: string): CommitResult {
  const [date, subject] = git(dir, ['log', '-1', '--format=%cs%x00%s', sha]).trim().split('\0') as [string, string];
  const result: CommitResult = { era: era.name, repo: era.repo, sha, date, subject };
  const failure = stage(dir, sha);
  if (failure) {
    result.skipped = `checkout failed: ${failure}`;
    return result;
  }
  const staged = unitsAt(dir, era, ':');
  const before = unitsAt(dir, era, 'HEAD:');
  const moved = [...staged.values()].filter((u) => before.get(u.name)?.pin !== u.pin).map((u) => u.name);
  result.moved = [...moved, ...[...before.keys()].filter((n) => !staged.has(n)).map((n) => `-${n}`)];
  if (era.manifest !== 'vendor.conf' && !options['no-warm']) {
    const pairs = new Set<string>();
    for (const units of [staged, before])
      for (const unit of units.values()) if (unit.download && unit.dirs.length > 0) pairs.add(unit.download);
    result.warm = warm([...pairs]);
  }
  (baselines[era.name] ??= []).push(nodeBaseline());
  result.verdict = check(dir);
  result.warmRunsMs = [];
  for (let i = 1; i < runs; i++) {
    baselines[era.name]!.push(nodeBaseline());
    result.warmRunsMs.push(check(dir).ms);
  }
  if (options['no-inject']) return result;

  const files = git(dir, ['ls-files', '-s', '--', 'vendor/'])
    .split('\n')
    .filter((line) => line.startsWith('100'))
    .map((line) => line.slice(line.indexOf('\t') + 1));
  const movedSet = new Set(moved);
  result.injections = [];
  for (const isMoved of [true, false]) {
    const target = pickFile(files, staged, era, sha, (unit) => movedSet.has(unit) === isMoved);
    for (const kind of ['edit', 'delete', 'add'] as Kind[]) {
      if (!target) {
        result.injections.push({ kind, moved: isMoved, outcome: 'n/a', note: 'no vendored .go file of such a unit' });
        continue;
      }
      const fresh = stage(dir, sha);
      if (fresh) throw new Error(`restaging ${sha}: ${fresh}`);
      const t = { ...target };
      const verdict = inject(dir, sha, kind, t);
      const outcome =
        verdict.exit === 1 && named(verdict, t.file)
          ? 'caught'
          : verdict.exit === 1
            ? 'blocked, file not named'
            : 'MISSED';
      result.injections.push({
        kind,
        moved: isMoved,
        unit: t.unit,
        file: t.file,
        exit: verdict.exit,
        codes: verdict.codes,
        outcome,
        ...(outcome !== 'caught' && verdict.unverified.some((text) => text.includes(`vendor/${t.unit} `))
          ? { unverified: true }
          : {}),
      });
    }
  }
  // Leave the clone as the commit had it.
  stage(dir, sha);
  return result;
}

function printResult(result: CommitResult): void {
  const head = `${result.era.padEnd(10)} ${result.repo.padEnd(10)} ${result.sha.slice(0, 10)}`;
  if (result.skipped) {
    console.log(`${head} SKIPPED ${result.skipped}`);
    return;
  }
  const v = result.verdict!;
  const warmNote = result.warm?.errors.length ? ` [go mod download: ${result.warm.errors.length} errors]` : '';
  console.log(
    `${head} exit ${v.exit} ${(v.codes.join(',') || '-').padEnd(40)} ` +
      `${Math.round(v.ms)} ms${result.warmRunsMs?.length ? ` (again ${Math.round(median(result.warmRunsMs))} ms)` : ''}` +
      `${warmNote}  ${result.date} ${result.subject.slice(0, 60)}`,
  );
  if (v.stderr) console.log(`    stderr: ${v.stderr.replace(/\n/g, ' | ')}`);
  for (const e of result.warm?.errors.slice(0, 3) ?? []) console.log(`    go: ${e}`);
  for (const i of result.injections ?? []) {
    const label = `${i.kind} (${i.moved ? 'moved' : 'not moved'})`.padEnd(20);
    console.log(
      `    ${label} ${i.outcome.padEnd(8)} ${i.file ?? ''}${i.codes ? ` exit ${i.exit} ${i.codes.join(',') || '-'}` : ''}${i.unverified ? ' (unverified)' : ''}${i.note ? ` ${i.note}` : ''}`,
    );
  }
}

if (options.from) {
  // Re-print a saved run (--json) without replaying it.
  const saved = JSON.parse(readFileSync(options.from, 'utf8')) as {
    date: string;
    cli: string;
    results: CommitResult[];
    baselines?: Record<string, number[]>;
  };
  console.log(`replay-guard run of ${saved.date}, cli ${saved.cli} (from ${options.from})`);
  Object.assign(baselines, saved.baselines ?? {});
  for (const result of saved.results) {
    results.push(result);
    printResult(result);
  }
} else {
  const planned = plan();
  if (options.list) {
    for (const { era, dir, sha } of planned) {
      const line = git(dir, ['log', '-1', '--format=%h %cs %s', '--abbrev=10', sha]).trim();
      console.log(`${era.name.padEnd(10)} ${era.repo.padEnd(10)} ${line}`);
    }
    process.exit(0);
  }
  console.log(
    `replay-guard ${new Date().toISOString()}, cli ${cli}, node ${process.version}, ${os.cpus().length} cores` +
      `${options.online ? ', --online' : ''}${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : ''}`,
  );
  for (const { era, dir, sha } of planned) {
    let result: CommitResult;
    try {
      result = replay(era, dir, sha);
    } catch (error) {
      const message = `replay failed: ${(error as Error).message}`;
      result = { era: era.name, repo: era.repo, sha, date: '', subject: '', skipped: message };
    }
    results.push(result);
    printResult(result);
  }
}

interface EraSummary {
  era: string;
  replayed: number;
  skipped: number;
  blocked: number;
  blockedCommits: string[];
  injections: Record<string, { caught: number; missed: number; unnamed: number; na: number; unverified: number }>;
  medianMs: number;
  nodeMs: number;
  ratio: number;
}
const summaries: EraSummary[] = [];
for (const eraName of new Set(results.map((r) => r.era))) {
  const era = { name: eraName };
  const rows = results.filter((r) => r.era === era.name);
  const done = rows.filter((r) => !r.skipped);
  const injections: EraSummary['injections'] = {};
  for (const r of done)
    for (const i of r.injections ?? []) {
      const key = `${i.kind} ${i.moved ? 'moved' : 'not moved'}`;
      const tally = (injections[key] ??= { caught: 0, missed: 0, unnamed: 0, na: 0, unverified: 0 });
      if (i.unverified) tally.unverified++;
      if (i.outcome === 'caught') tally.caught++;
      else if (i.outcome === 'MISSED') tally.missed++;
      else if (i.outcome === 'n/a') tally.na++;
      else tally.unnamed++;
    }
  const medianMs = median(done.map((r) => r.verdict!.ms));
  const nodeMs = median(baselines[era.name] ?? []);
  summaries.push({
    era: era.name,
    replayed: done.length,
    skipped: rows.length - done.length,
    blocked: done.filter((r) => r.verdict!.exit !== 0).length,
    blockedCommits: done.filter((r) => r.verdict!.exit !== 0).map((r) => r.sha.slice(0, 10)),
    injections,
    medianMs,
    nodeMs,
    ratio: medianMs / nodeMs,
  });
}

console.log(
  '\nsummary (injections caught/missed; of the missed, Nu: exit 1 without naming the file, Nv: the check said vendor-unverified for that module or entry; Nna: no such file to inject):',
);
const cell = (s: EraSummary, key: string) => {
  const t = s.injections[key];
  if (!t) return '-';
  const of = [t.unnamed ? `${t.unnamed}u` : '', t.unverified ? `${t.unverified}v` : ''].filter(Boolean).join(' ');
  return `${t.caught}/${t.missed + t.unnamed}${of ? ` (${of})` : ''}${t.na ? ` ${t.na}na` : ''}`;
};
const header = [
  'era',
  'commits',
  'skipped',
  'blocked',
  'edit mv',
  'delete mv',
  'add mv',
  'edit same',
  'delete same',
  'add same',
  'median ms',
  'node -e 0',
  'ratio',
];
const table = summaries.map((s) => [
  s.era,
  String(s.replayed),
  String(s.skipped),
  String(s.blocked),
  ...['edit moved', 'delete moved', 'add moved', 'edit not moved', 'delete not moved', 'add not moved'].map((key) =>
    cell(s, key),
  ),
  s.medianMs.toFixed(0),
  s.nodeMs.toFixed(0),
  `${s.ratio.toFixed(2)}x`,
]);
const widths = header.map((h, column) => Math.max(h.length, ...table.map((row) => row[column]!.length)));
for (const row of [header, ...table])
  console.log(
    row
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
const total = summaries.reduce((sum, s) => sum + s.replayed, 0);
const blocked = summaries.reduce((sum, s) => sum + s.blocked, 0);
console.log(`total: ${blocked} of ${total} correct commits blocked`);
for (const s of summaries) if (s.blocked) console.log(`  ${s.era} blocked: ${s.blockedCommits.join(' ')}`);

if (options.json) {
  writeFileSync(
    options.json,
    JSON.stringify(
      { date: new Date().toISOString(), cli, online: options.online, summaries, results, baselines },
      null,
      2,
    ) + '\n',
  );
  console.log(`results written to ${options.json}`);
}
