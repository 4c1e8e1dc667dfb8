import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { findOnPath } from '../process/find-on-path.js';
import { runGo } from '../process/go.js';
import type { DownloadedModule } from './cached-download.js';

/** go from PATH: a module project needs it for the version, the go.sum lines and go mod vendor. */
export function locateGo(env: NodeJS.ProcessEnv): string {
  const go = findOnPath('go', env);
  if (!go)
    throw new UserError(
      'go is not on PATH, and a module project needs it (go mod download gives the version and the go.sum lines, go mod vendor refreshes vendor/): install Go',
    );
  return go;
}

/**
 * The environment vendorfork runs go in: the user's, without a `-mod=` in GOFLAGS (the go mod commands
 * reject it, and vendorfork chooses the mode itself), and outside any go.work (a workspace would vendor
 * with `go work vendor`, and take other modules' requirements into the graph).
 */
export function goEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const flags = (env.GOFLAGS ?? '')
    .split(/\s+/)
    .filter((flag) => flag && !/^-{1,2}mod=/.test(flag))
    .join(' ');
  return { ...env, GOFLAGS: flags, GOWORK: 'off', ...extra };
}

export type { DownloadedModule } from './cached-download.js';

/**
 * `go mod download -json PATH@QUERY`: go fetches the module (through GOPROXY, or git when it is `direct`),
 * and answers the version it computes for the query, exactly as `go get` and `go mod tidy` would write it,
 * with its go.sum hashes. Run in an empty module of its own in a temporary folder, so that neither the
 * project's files nor a go.mod above the temporary folder take part. Offline, only the module cache answers.
 * The module cache is read first (cached-download.ts): go starts only when it does not have the version.
 */
export async function downloadModule(
  go: string,
  modulePath: string,
  query: string,
  options: { env: NodeJS.ProcessEnv; offline?: boolean; signal?: AbortSignal },
): Promise<DownloadedModule> {
  if (modulePath.startsWith('-') || query.startsWith('-'))
    throw new UserError(`${modulePath}@${query}: a module path or version cannot start with "-"`);
  const { cachedDownload } = await import('./cached-download.js');
  const cached = await cachedDownload(options.env, modulePath, query);
  if (cached) return cached;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'vendorfork-download-'));
  try {
    await writeFile(path.join(scratch, 'go.mod'), 'module vendorfork.invalid/download\n');
    const env = goEnv(options.env, options.offline ? { GOPROXY: 'off' } : {});
    const outcome = await runGo({
      go,
      args: ['mod', 'download', '-json', `${modulePath}@${query}`],
      cwd: scratch,
      env,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let answer: {
      Path?: string;
      Version?: string;
      Sum?: string;
      GoModSum?: string;
      Dir?: string;
      Error?: string;
      Origin?: { Hash?: string };
    };
    try {
      answer = JSON.parse(outcome.stdout) as typeof answer;
    } catch {
      throw new UserError(
        `go mod download ${modulePath}@${query} failed (${outcome.signal ? `killed by ${outcome.signal}` : `status ${outcome.code}`}): ${outcome.lines.slice(-3).join(' ') || 'no output'}`,
      );
    }
    if (answer.Error || !answer.Version || !answer.Sum || !answer.GoModSum) {
      const why = answer.Error ?? outcome.lines.slice(-3).join(' ');
      const offline = options.offline && /GOPROXY=off|module lookup disabled/.test(why);
      throw new UserError(
        offline
          ? `--offline: the module cache has no ${modulePath}@${query}; drop --offline`
          : `go cannot download ${modulePath}@${query}: ${why.replace(/^go: /, '')}`,
      );
    }
    return {
      path: answer.Path ?? modulePath,
      version: answer.Version,
      sum: answer.Sum,
      goModSum: answer.GoModSum,
      dir: answer.Dir ?? '',
      ...(answer.Origin?.Hash && /^[0-9a-f]{40}$/.test(answer.Origin.Hash) ? { commit: answer.Origin.Hash } : {}),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A module project as go is run in it: its folder, its module file (go.mod, or moby's vendor.mod), the main module. */
export interface ModuleProject {
  go: string;
  projectDir: string;
  /** go.mod, or moby's vendor.mod (passed as -modfile). */
  modFile: string;
  /** The main module's path and go version, for the stub go.mod of moby's layout. */
  module: string;
  goVersion?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs `fn` with a go.mod in the project folder, as go needs one to find the module root even with
 * -modfile: for moby's layout (vendor.mod, no go.mod), the stub of moby's hack/with-go-mod.sh for the
 * length of the run, created only if there is none (exclusively, so a go.mod that appears meanwhile is
 * never overwritten, nor removed afterwards), and removed however `fn` ends.
 */
export async function withModuleRoot<T>(
  options: Pick<ModuleProject, 'projectDir' | 'modFile' | 'module' | 'goVersion'>,
  fn: () => Promise<T>,
): Promise<T> {
  if (path.basename(options.modFile) === 'go.mod') return fn();
  const stub = path.join(options.projectDir, 'go.mod');
  let made = false;
  try {
    await writeFile(stub, `module ${options.module}\n\ngo ${options.goVersion ?? '1.22'}\n`, { flag: 'wx' });
    made = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    return await fn();
  } finally {
    if (made) await rm(stub, { force: true });
  }
}
