import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../src/process/find-on-path.js';
import { projectRoot } from './corpus.js';

/**
 * The real vndr the end-to-end tests run: $VNDR, else the pinned build in
 * .tools/bin (scripts/install-vndr.sh, which .ci/run runs), else PATH.
 * Missing vndr fails the tests, in CI and locally: they are never skipped.
 */
export function testVndr(): string {
  const candidates = [process.env.VNDR, path.join(projectRoot, '.tools/bin/vndr'), findOnPath('vndr', process.env)];
  const found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (!found) throw new Error('vndr is needed by the end-to-end tests: run `bash scripts/install-vndr.sh` (CI does)');
  return found;
}

export function vndrVersion(vndr: string): string {
  const info = execFileSync('go', ['version', '-m', vndr], { encoding: 'utf8' });
  return /\tmod\tgithub\.com\/LK4D4\/vndr\t(\S+)/.exec(info)?.[1] ?? 'unknown';
}

export function goBinary(): string {
  const go = findOnPath('go', process.env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new Error('go is needed by the end-to-end tests (vndr runs it)');
  return go;
}

/**
 * The go command offline, for module tests: GOPROXY=direct and GOSUMDB=off, so that go fetches modules
 * through git, which the world's url.insteadOf points at local repositories; a module cache, GOPATH and
 * build cache of the test's own under `root`.
 */
export function offlineGoEnv(gitEnv: NodeJS.ProcessEnv, root: string): NodeJS.ProcessEnv {
  return {
    ...gitEnv,
    PATH: [path.dirname(goBinary()), process.env.PATH].join(path.delimiter),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'direct',
    GOSUMDB: 'off',
    GOFLAGS: '-mod=mod',
    GOPATH: path.join(root, 'gopath'),
    GOMODCACHE: path.join(root, 'modcache'),
    GOCACHE: path.join(root, 'gocache'),
  };
}

/** Removes a folder that holds a Go module cache, which go leaves read-only. */
export function removeWithModuleCache(root: string): void {
  execFileSync('chmod', ['-R', 'u+w', root]);
  rmSync(root, { recursive: true, force: true });
}
