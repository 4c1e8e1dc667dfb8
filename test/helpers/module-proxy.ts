import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A module path as the proxy protocol and the module cache spell it: capitals as `!` and the lower case letter. */
export const escapeModulePath = (modulePath: string) => modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

/**
 * A GOPROXY of plain files, as a file:// URL (go takes one as a proxy): the download cache the real go fills
 * (MODULE/@v/list, VERSION.info, .mod, .zip, the proxy protocol's layout), fetched with GOPROXY=direct from
 * `sources` (a URL prefix → the bare repository git reaches it at), so that the proxy serves what the hosted
 * repositories no longer hold. A query that is not a version (a commit id, short or full) gets the .info a
 * real proxy answers for it, naming the version.
 */
export function moduleProxy(
  dir: string,
  env: NodeJS.ProcessEnv,
  sources: Record<string, string>,
  queries: { module: string; query: string }[],
): string {
  const scratch = path.join(dir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  writeFileSync(path.join(scratch, 'go.mod'), 'module proxy.invalid/scratch\n');
  const gitconfig = path.join(dir, 'gitconfig');
  writeFileSync(
    gitconfig,
    Object.entries(sources)
      .map(([prefix, bare]) => `[url "${bare}"]\n\tinsteadOf = ${prefix}\n`)
      .join(''),
  );
  const cache = path.join(dir, 'modcache');
  const goEnv = { ...env, GIT_CONFIG_GLOBAL: gitconfig, GOMODCACHE: cache, GOPROXY: 'direct', GOFLAGS: '-modcacherw' };
  const tree = path.join(cache, 'cache', 'download');
  for (const { module, query } of queries) {
    const out = execFileSync('go', ['mod', 'download', '-json', `${module}@${query}`], {
      cwd: scratch,
      env: goEnv,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    const { Version: version } = JSON.parse(out) as { Version: string };
    const versions = path.join(tree, escapeModulePath(module), '@v');
    if (query !== version) copyFileSync(path.join(versions, `${version}.info`), path.join(versions, `${query}.info`));
  }
  return `file://${tree}`;
}
