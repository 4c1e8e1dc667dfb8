import { isVersionedPath, knownRoot, vndrRoot } from '../manifest/import-path.js';
import type { BuildStep, VendoringTool } from '../vendoring/tool.js';
import { runVndr } from './runner.js';
import { buildReport } from './build.js';

export interface VndrToolOptions {
  vndr: string;
  projectDir: string;
  /** The entries to vendor, one vndr call each. */
  importPaths: string[];
  whitelist: string[];
  env: NodeJS.ProcessEnv;
  /** Entries whose vendor/ directories the transaction deletes: then no directory is moved aside. */
  removing?: boolean;
}

/** vndr, one call per entry: vendor.conf's vendoring tool. */
export function vndrTool(options: VndrToolOptions): VendoringTool {
  const [first] = options.importPaths;
  const movable = options.removing ? undefined : movableRoot(options.importPaths);
  return {
    name: 'vndr',
    ...(movable ? { movableRoot: movable } : {}),
    ...(options.importPaths.length === 1 && first ? { build: gopathBuild(options, vndrRoot(first) ?? first) } : {}),
    async run({ signal, onEvent }) {
      for (const importPath of options.importPaths) {
        if (signal.aborted) throw signal.reason as Error;
        await runVndr({
          vndr: options.vndr,
          projectDir: options.projectDir,
          importPath,
          whitelist: options.whitelist,
          env: options.env,
          signal,
          ...(onEvent ? { onEvent } : {}),
        });
      }
    },
  };
}

/**
 * The vendor/ directory that vndr deletes before anything else, when it can
 * be told without the network: for a github.com or bitbucket.org entry
 * (vndr's static table; other hosts' roots come from go-get discovery), the
 * entry's own path, which vndr clones into (a `/vN` path too: vndr's
 * repoRootFromVCSPaths makes it its own root). Only for a single vndr call:
 * with several, a directory moved away for a later call would be missing
 * from the earlier calls' cleaning pass, which could then delete what only
 * it imports.
 */
function movableRoot(importPaths: string[]): string | undefined {
  if (importPaths.length !== 1) return undefined;
  const importPath = importPaths[0]!;
  if (!/^(github\.com|bitbucket\.org)\//.test(importPath)) return undefined;
  return isVersionedPath(importPath) || knownRoot(importPath)?.root === importPath ? importPath : undefined;
}

/** vndr's projects compile in GOPATH mode, as vndr sees them: ./vendor/ROOT/... and its importers. */
function gopathBuild(options: VndrToolOptions, root: string): BuildStep {
  return {
    dependency: root,
    mode: 'go build, GOPATH mode',
    run: (signal) => buildReport({ projectDir: options.projectDir, root, env: options.env, signal }),
  };
}
