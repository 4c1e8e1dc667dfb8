import path from 'node:path';
import { runGo } from '../process/go.js';
import { failuresOf } from '../vendoring/build-report.js';
import type { BuildStep } from '../vendoring/tool.js';
import { goEnv, withModuleRoot, type ModuleProject } from './go-command.js';

export interface ModuleBuildOptions extends ModuleProject {
  /** The module moved: its vendored packages are compiled, and the project's packages that import them. */
  dependency: string;
}

/**
 * --build on a module project: `go build -mod=vendor` (with -modfile for moby's vendor.mod) of the moved
 * module's vendored packages (`MODULE/...`) and of every package of the project that depends on one
 * (`go list -deps`), as the project builds from vendor/. Failures are keyed by package, like the GOPATH
 * build's, so one that failed before the move is not blamed on it.
 */
export function moduleBuild(options: ModuleBuildOptions): BuildStep {
  const modFlag = path.basename(options.modFile) === 'go.mod' ? [] : [`-modfile=${options.modFile}`];
  const env = goEnv(options.env, { GO111MODULE: 'on' });
  const dependency = options.dependency;
  const inDependency = (pkg: string) => pkg === dependency || pkg.startsWith(`${dependency}/`);
  return {
    dependency,
    mode: 'go build -mod=vendor',
    run: (signal) =>
      withModuleRoot(options, async () => {
        // All of stderr, not its tail: a large failure is read whole, each failing package with its lines.
        const go = (args: string[]) =>
          runGo({
            go: options.go,
            args: [args[0]!, '-mod=vendor', ...modFlag, ...args.slice(1)],
            cwd: options.projectDir,
            env,
            signal,
            tailLines: Infinity,
          });
        const listed = await go(['list', '-e', '-f', '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}', './...']);
        const importers = listed.stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(' '))
          .filter(([pkg, ...deps]) => !inDependency(pkg!) && deps.some(inDependency))
          .map(([pkg]) => pkg!);
        const packages = [`${dependency}/...`, ...importers];
        const built = await go(['build', ...packages]);
        return { packages, failures: built.code === 0 ? new Map() : failuresOf(built.lines.join('\n')) };
      }),
  };
}
