import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { findOnPath } from '../process/find-on-path.js';
import { runGo } from '../process/go.js';

export const VNDR_INSTALL = 'go install github.com/LK4D4/vndr@v0.1.2';

/** vndr from --vndr, else $VNDR, else PATH. */
export function locateVndr(env: NodeJS.ProcessEnv, flag?: string): string {
  const given = flag ?? env.VNDR;
  if (given) {
    try {
      accessSync(given, constants.X_OK);
      return path.resolve(given);
    } catch {
      throw new UserError(
        `${given} (from ${flag ? '--vndr' : '$VNDR'}) is not an executable: point it at vndr, or install vndr with ${VNDR_INSTALL}`,
      );
    }
  }
  const found = findOnPath('vndr', env);
  if (!found) {
    throw new UserError(
      `vndr is not on PATH: install it with ${VNDR_INSTALL} (it lands in $(go env GOPATH)/bin), or pass --vndr PATH, or use --no-vndr`,
    );
  }
  return found;
}

/**
 * vndr's own pitfalls, checked before anything is touched: it needs `go`
 * (it runs `go env GOPATH`), and outside $GOPATH/src it reports success after
 * deleting every vendored .go file.
 */
export async function checkGoProject(projectDir: string, env: NodeJS.ProcessEnv): Promise<{ gopath: string }> {
  const go = findOnPath('go', env);
  if (!go)
    throw new UserError('go is not on PATH, and vndr needs it (it runs `go env GOPATH`): install Go, or use --no-vndr');
  let gopath = env.GOPATH;
  if (!gopath) {
    const outcome = await runGo({ go, args: ['env', 'GOPATH'], cwd: process.cwd(), env });
    // As execFile said it, when this ran through it.
    if (outcome.code !== 0 || outcome.signal !== null)
      throw new Error(`Command failed: ${go} env GOPATH\n${outcome.lines.join('\n')}`);
    gopath = outcome.stdout.trim();
  }
  if (!gopath) throw new UserError('GOPATH is empty, and vndr needs the project under $GOPATH/src: set GOPATH');
  const real = realpathSync(projectDir);
  const roots = gopath.split(path.delimiter).filter(Boolean);
  const inside = roots.some((root) => real.startsWith(path.join(root, 'src') + path.sep));
  if (!inside) {
    throw new UserError(
      `${real} is not under $GOPATH/src (GOPATH=${gopath}): vndr would report success after deleting every vendored .go file. Move or clone the project to $GOPATH/src/<import path> (a symlink does not count), or use --no-vndr`,
    );
  }
  return { gopath };
}
