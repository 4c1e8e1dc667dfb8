import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** What one `go build` said: each failing package with its lines, in the order go printed them. */
export interface BuildReport {
  packages: string[];
  failures: Map<string, string[]>;
}

export interface BuildTarget {
  projectDir: string;
  /** The dependency's directory under vendor/, e.g. github.com/docker/swarmkit. */
  root: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Compiles the dependency's vendored packages and the project's packages that depend on them, in GOPATH
 * mode (GO111MODULE=off, the user's GOPATH), as vndr sees the project. Failures are keyed by package, so
 * a run before the move and one after can be compared: a package that already failed (cgo headers this
 * machine lacks, say) is not the move's fault.
 */
export async function buildReport(target: BuildTarget): Promise<BuildReport> {
  const env = { ...target.env, GO111MODULE: 'off' };
  const vendored = `./vendor/${target.root}/...`;
  const prefix = `${await projectImportPath(target.projectDir, env, target.signal)}/vendor/${target.root}`;
  // Every package of the project (vendor/ aside, as ./... leaves it in GOPATH mode) with what it depends on.
  const listed = await go(
    target.projectDir,
    ['list', '-e', '-f', '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}', './...'],
    env,
    target.signal,
  );
  const importers = listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .filter(([, ...deps]) => deps.some((dep) => dep === prefix || dep.startsWith(`${prefix}/`)))
    .map(([importPath]) => importPath!);
  const packages = [vendored, ...importers];
  const built = await go(target.projectDir, ['build', ...packages], env, target.signal);
  return { packages, failures: built.ok ? new Map() : failuresOf(built.stderr) };
}

/** The packages that fail after and did not before, with go's lines for each. */
export function newFailures(before: BuildReport, after: BuildReport): Map<string, string[]> {
  const added = new Map<string, string[]>();
  for (const [pkg, lines] of after.failures) if (!before.failures.has(pkg)) added.set(pkg, lines);
  return added;
}

/**
 * go build's stderr, by package: `# IMPORT_PATH` starts a package's compiler errors; a package that cannot
 * be loaded says so on one line (`package X: ...`, `cannot find package "X"`).
 */
export function failuresOf(stderr: string): Map<string, string[]> {
  const failures = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of stderr.split('\n')) {
    if (line === '') continue;
    const header = /^# (\S+)/.exec(line);
    if (header) {
      current = header[1]!;
      failures.set(current, []);
      continue;
    }
    const unloadable = /^(?:package (\S+?):|can't load package: package (\S+?):|cannot find package "([^"]+)")/.exec(
      line,
    );
    if (unloadable) {
      const pkg = unloadable[1] ?? unloadable[2] ?? unloadable[3]!;
      failures.set(pkg, [...(failures.get(pkg) ?? []), line]);
      current = undefined;
      continue;
    }
    if (current) failures.get(current)!.push(line);
    else failures.set('(go build)', [...(failures.get('(go build)') ?? []), line]);
  }
  return failures;
}

/** The project's import path: where it sits under one of GOPATH's src folders (vndr's own precondition). */
async function projectImportPath(projectDir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  const gopath = env.GOPATH || (await go(projectDir, ['env', 'GOPATH'], env, signal)).stdout.trim();
  const real = realpathSync(projectDir);
  for (const root of gopath.split(path.delimiter).filter(Boolean)) {
    const relative = path.relative(path.join(root, 'src'), real);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return path.basename(real);
}

function go(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'go',
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}
