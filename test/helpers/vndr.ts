import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../src/vndr/preflight.js';
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
