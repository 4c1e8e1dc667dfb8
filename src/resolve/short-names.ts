import { UserError } from '../errors.js';
import type { Entry } from '../manifest/entry.js';

/**
 * Short names for the dependencies people fork most. Several import paths
 * are listed where the project moved (docker/swarmkit, later moby/swarmkit):
 * the one the file already has wins.
 */
export const SHORT_NAMES: Record<string, string[]> = {
  swarmkit: ['github.com/docker/swarmkit', 'github.com/moby/swarmkit'],
  libnetwork: ['github.com/docker/libnetwork', 'github.com/moby/libnetwork'],
  cli: ['github.com/docker/cli'],
  containerd: ['github.com/containerd/containerd', 'github.com/docker/containerd'],
  runc: ['github.com/opencontainers/runc'],
  buildkit: ['github.com/moby/buildkit'],
  docker: ['github.com/docker/docker', 'github.com/moby/moby'],
  moby: ['github.com/docker/docker', 'github.com/moby/moby'],
  distribution: ['github.com/docker/distribution', 'github.com/distribution/distribution'],
  'go-connections': ['github.com/docker/go-connections'],
  notary: ['github.com/docker/notary', 'github.com/theupdateframework/notary'],
  libtrust: ['github.com/docker/libtrust'],
};

/**
 * What the user meant by a dependency name: an import or module path (anything
 * with a dot in its first element), a short name from their config or the
 * table (with a module's /vN suffix when the file has one), or the last path
 * element (before /vN) of exactly one entry.
 */
export function resolveDependencyName(
  name: string,
  entries: Pick<Entry, 'importPath'>[],
  userNames: Record<string, string> = {},
  fileName = 'vendor.conf',
): string {
  if (name.startsWith('-'))
    throw new UserError(`${JSON.stringify(name)} is not a dependency: names cannot start with "-"`);
  const has = (importPath: string) => entries.some((e) => e.importPath === importPath);
  if (name.split('/')[0]!.includes('.')) return name;
  const own = userNames[name];
  if (own) return own;
  const known = SHORT_NAMES[name];
  // A module at a major version above 1 has its path with /vN: github.com/moby/swarmkit/v2.
  const major = (path: string) => entries.find((e) => e.importPath.replace(/\/v[2-9]\d*$/, '') === path)?.importPath;
  if (known) return known.find(has) ?? known.map(major).find(Boolean) ?? known[0]!;
  const lastElement = (path: string) =>
    path
      .replace(/\/v[2-9]\d*$/, '')
      .split('/')
      .pop();
  const matches = [...new Set(entries.filter((e) => lastElement(e.importPath) === name).map((e) => e.importPath))];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new UserError(`${name} is ambiguous: it could be ${matches.join(', ')}; write the import path`);
  throw new UserError(
    `${name} is not an entry of ${fileName} nor a known short name: write the full ${fileName === 'vendor.conf' ? 'import' : 'module'} path (github.com/OWNER/REPO)`,
  );
}
