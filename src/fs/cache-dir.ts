import os from 'node:os';
import path from 'node:path';

/** Where vendorfork keeps what it may forget: $XDG_CACHE_HOME/vendorfork, else ~/.cache/vendorfork. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'vendorfork');
}
