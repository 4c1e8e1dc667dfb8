import type { ManifestDiagnostic } from '../../manifest/format.js';
import { findOnPath } from '../../process/find-on-path.js';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { plural } from '../../text/plural.js';
import { goEnv, withModuleRoot } from '../../go/go-command.js';
import { runGo } from '../../process/go.js';
import { isLocalPath } from './core/module-entry.js';
import { parseModFile } from './core/mod-file.js';
import { pseudoVersionParts } from '../../manifest/pseudo-version.js';

/** How long check --online lets go fetch what the module cache lacks (VENDORFORK_GO_TIMEOUT, in seconds). */
function networkDeadline(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.VENDORFORK_GO_TIMEOUT);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1000;
}

/** What check --online tells the user while it runs: which checks go to the network, and for how long at most. */
export type OnlineNote = (line: string) => void;

const LOOKUP_DISABLED = /module lookup disabled by GOPROXY=off|GOPROXY=off/;

/** Where go will ask, as the user's GOPROXY says (go's default when unset). */
const proxyOf = (env: NodeJS.ProcessEnv) => env.GOPROXY || 'https://proxy.golang.org,direct';

/**
 * `go list -m -e -json PATH@VERSION...` in an empty module of its own: go reads each version's .info and
 * .mod (never the zip), and says per version what it refuses. With `offline`, GOPROXY=off: the module cache
 * alone answers.
 */
async function listVersions(
  go: string,
  queries: string[],
  options: { env: NodeJS.ProcessEnv; offline: boolean; signal?: AbortSignal },
): Promise<Map<string, string | undefined>> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'vendorfork-list-'));
  try {
    await writeFile(path.join(scratch, 'go.mod'), 'module vendorfork.invalid/list\n');
    const outcome = await runGo({
      go,
      args: ['list', '-m', '-e', '-json', ...queries],
      cwd: scratch,
      env: goEnv(options.env, options.offline ? { GOPROXY: 'off' } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const answers = new Map<string, string | undefined>();
    // One object per version, each opening at the start of a line (nested ones are indented).
    for (const chunk of outcome.stdout.split(/^(?=\{)/m).filter((c) => c.trim())) {
      const answer = JSON.parse(chunk) as { Path: string; Version?: string; Error?: { Err?: string } };
      answers.set(`${answer.Path}@${answer.Version ?? ''}`, answer.Error ? (answer.Error.Err ?? 'refused') : undefined);
    }
    if (answers.size === 0 && outcome.code !== 0)
      for (const query of queries)
        answers.set(query, outcome.lines.slice(-2).join(' ') || `go list failed (status ${outcome.code})`);
    return answers;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `check --online` on a module file: each replacement's version is asked of go (`go list -m -json
 * PATH@VERSION`: its .info and .mod, never its zip). The module cache is asked alone first (GOPROXY=off);
 * only what it lacks goes to GOPROXY, said in one line beforehand, within a deadline. go refuses a
 * pseudo-version whose time is not its commit's, whose hash names no commit, or whose base is not a tag
 * below it, and a version that names nothing: what `go mod vendor` would refuse later, reported now, at the
 * version's column.
 */
export async function versionDiagnostics(
  text: string,
  env: NodeJS.ProcessEnv,
  onNote: OnlineNote = () => {},
): Promise<ManifestDiagnostic[]> {
  const replacements = parseModFile(text).replacements.filter(
    (r) => r.newVersion !== undefined && !isLocalPath(r.newPath),
  );
  if (replacements.length === 0) return [];
  const go = findOnPath('go', env);
  if (!go)
    return [
      {
        severity: 'warning',
        code: 'version-unchecked',
        message: 'go is not on PATH: the replacements’ versions were not checked against their commits',
        line: 0,
        column: 0,
      },
    ];
  const queries = [...new Set(replacements.map((r) => `${r.newPath}@${r.newVersion!}`))];
  const answers = await listVersions(go, queries, { env, offline: true });
  const uncached = queries.filter((q) => LOOKUP_DISABLED.test(answers.get(q) ?? ''));
  const found: ManifestDiagnostic[] = [];
  if (uncached.length > 0) {
    const deadline = networkDeadline(env);
    onNote(
      `${plural(uncached.length, 'replacement version')} not in the module cache (${uncached.slice(0, 3).join(', ')}${uncached.length > 3 ? ', …' : ''}): asking ${proxyOf(env)} for ${uncached.length === 1 ? 'its' : 'their'} .info and .mod, for up to ${deadline / 1000} s`,
    );
    try {
      const online = await listVersions(go, uncached, { env, offline: false, signal: AbortSignal.timeout(deadline) });
      for (const query of uncached) answers.set(query, online.get(query));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
      for (const query of uncached) answers.delete(query);
      found.push({
        severity: 'warning',
        code: 'version-unchecked',
        message: `go did not answer within ${deadline / 1000} s for ${uncached.join(', ')}: those versions were not checked (VENDORFORK_GO_TIMEOUT=SECONDS allows longer)`,
        line: 0,
        column: 0,
      });
    }
  }
  for (const replacement of replacements) {
    const version = replacement.newVersion!;
    const refused = answers.get(`${replacement.newPath}@${version}`);
    if (refused === undefined) continue;
    const pseudo = pseudoVersionParts(version) !== undefined;
    found.push({
      severity: 'error',
      code: pseudo ? 'pseudo-version-mismatch' : 'version-missing',
      message: `go refuses ${refused.replace(/^go: /, '')}`,
      line: replacement.line,
      column: replacement.columns.newVersion ?? replacement.columns.newPath,
    });
  }
  return found;
}

/**
 * `check --online` on a module file on disk: each replace of a module the module graph does not hold
 * (`go list -m all`, which reads the go.mod files of the graph, from the module cache or GOPROXY), or that
 * pins a version the graph does not select, has no effect: a left-over, reported as a warning. One file
 * cannot tell this (docker/cli's vendor.mod replaces k8s modules it never requires itself, which its
 * dependencies do), so it is only said with go's answer. Nothing when go cannot answer.
 */
export async function graphDiagnostics(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv,
  onNote: OnlineNote = () => {},
): Promise<ManifestDiagnostic[]> {
  const mod = parseModFile(text);
  if (mod.replacements.length === 0 || !mod.module) return [];
  const go = findOnPath('go', env);
  if (!go) return [];
  const projectDir = path.dirname(file);
  const modFlag = path.basename(file) === 'go.mod' ? [] : [`-modfile=${file}`];
  const list = (offline: boolean, signal?: AbortSignal) =>
    withModuleRoot(
      { projectDir, modFile: file, module: mod.module!, ...(mod.goVersion ? { goVersion: mod.goVersion } : {}) },
      () =>
        runGo({
          go,
          args: ['list', '-mod=readonly', ...modFlag, '-m', '-f', '{{.Path}} {{.Version}}', 'all'],
          cwd: projectDir,
          env: goEnv(env, offline ? { GOPROXY: 'off' } : {}),
          ...(signal ? { signal } : {}),
        }),
    );
  // The graph needs each module's go.mod, not its zip: the module cache has them all after a build.
  let listed = await list(true);
  if (listed.code !== 0 && LOOKUP_DISABLED.test(listed.lines.join('\n'))) {
    const deadline = networkDeadline(env);
    onNote(
      `the module graph is not all in the module cache: go list -m all asks ${proxyOf(env)} for the go.mod files it lacks, for up to ${deadline / 1000} s`,
    );
    try {
      listed = await list(false, AbortSignal.timeout(deadline));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
      return [
        {
          severity: 'warning',
          code: 'graph-unchecked',
          message: `go list -m all did not answer within ${deadline / 1000} s, so unused replacements were not looked for (VENDORFORK_GO_TIMEOUT=SECONDS allows longer)`,
          line: 0,
          column: 0,
        },
      ];
    }
  }
  if (listed.code !== 0)
    return [
      {
        severity: 'warning',
        code: 'graph-unchecked',
        message: `go list -m all failed, so unused replacements were not looked for: ${listed.lines.slice(-2).join(' ')}`,
        line: 0,
        column: 0,
      },
    ];
  const selected = new Map(
    listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
  const found: ManifestDiagnostic[] = [];
  for (const r of mod.replacements) {
    const version = selected.get(r.oldPath);
    const where = { line: r.line, column: r.columns.oldPath };
    if (version === undefined)
      found.push({
        severity: 'warning',
        code: 'replace-unused',
        message: `${r.oldPath} is replaced, but nothing in the module graph requires it (go list -m all): the replace has no effect; remove it if it is a left-over`,
        ...where,
      });
    else if (r.oldVersion !== undefined && r.oldVersion !== version)
      found.push({
        severity: 'warning',
        code: 'replace-unused',
        message: `${r.oldPath} is replaced at ${r.oldVersion}, but the module graph selects ${version}: the replace has no effect`,
        ...where,
      });
  }
  return found;
}
