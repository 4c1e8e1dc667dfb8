import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

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

/**
 * Puts one module version into a GOPROXY file tree by hand, for a module go cannot fetch here (a vanity
 * path, whose ?go-get=1 host is not reachable): its list, .info, .mod and .zip (stored entries under
 * MODULE@VERSION/, the module zip layout).
 */
export function addProxyModule(
  tree: string,
  modulePath: string,
  version: string,
  files: Record<string, string>,
  time = '2020-01-01T00:00:00Z',
): void {
  const dir = path.join(tree, escapeModulePath(modulePath), '@v');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'list'), `${version}\n`);
  writeFileSync(path.join(dir, `${version}.info`), JSON.stringify({ Version: version, Time: time }));
  writeFileSync(path.join(dir, `${version}.mod`), files['go.mod'] ?? `module ${modulePath}\n`);
  const entries = Object.entries(files).map(([name, text]) => ({
    name: Buffer.from(`${modulePath}@${version}/${name}`),
    data: Buffer.from(text),
  }));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01, DOS time
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path.join(dir, `${version}.zip`), Buffer.concat([...locals, directory, end]));
}
