import { realpathSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../process/find-on-path.js';
import { runGo } from '../process/go.js';
import { failuresOf, type BuildReport } from '../vendoring/build-report.js';

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

/** go from PATH, in a process group of its own, keeping all of stderr: --build reads every failing package. */
async function go(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const outcome = await runGo({
    go: findOnPath('go', env) ?? 'go',
    args,
    cwd,
    env,
    tailLines: Infinity,
    ...(signal ? { signal } : {}),
  });
  return { ok: outcome.code === 0, stdout: outcome.stdout, stderr: outcome.lines.join('\n') };
}
