import { knownRoot } from '../manifest/import-path.js';
import { UserError } from '../errors.js';
import { repoId, type RepoId } from './fork-spec.js';

/** Fetches `https://IMPORT_PATH?go-get=1` and returns the body; injected so tests can answer locally. */
export type GoGetFetcher = (url: string) => Promise<string>;

export const defaultGoGetFetcher: GoGetFetcher = async (url) => {
  const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new UserError(`${new URL(url).host} answered ${response.status} to ${url}`);
  return response.text();
};

/**
 * The GitHub repository behind an import path: the built-in table first
 * (github.com and the vanity hosts of real files), else `?go-get=1`
 * discovery, the way the go command finds it. Renames are followed later, by
 * asking GitHub for the repository.
 */
export async function upstreamOf(
  importPath: string,
  options: { offline: boolean; goGet?: GoGetFetcher },
): Promise<RepoId> {
  return (await repositoryOf(importPath, options)).repository;
}

/**
 * The same, with the import path of the repository's root: `example.org/proj` for the module
 * `example.org/proj/sub` when example.org's go-import tag says so, as go reads it.
 */
export async function repositoryOf(
  importPath: string,
  options: { offline: boolean; goGet?: GoGetFetcher },
): Promise<{ repository: RepoId; importRoot: string }> {
  const known = knownRoot(importPath);
  if (known?.github) {
    return { repository: repoId('github.com', known.github), importRoot: known.root };
  }
  if (options.offline) {
    throw new UserError(
      `${importPath}: its repository is not in vendorfork's table and --offline forbids a ?go-get=1 lookup; write the fork's full URL`,
    );
  }
  const url = `https://${importPath}?go-get=1`;
  let html: string;
  try {
    html = await (options.goGet ?? defaultGoGetFetcher)(url);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `${importPath}: the ?go-get=1 lookup at ${url} failed (${(error as Error).message}): write the fork's full URL`,
    );
  }
  for (const meta of parseGoImports(html)) {
    const under = importPath === meta.prefix || importPath.startsWith(`${meta.prefix}/`);
    if (!under || meta.vcs !== 'git') continue;
    const match = /^https?:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(meta.repoRoot);
    // The prefix is the repository's root as an import path: a module in a subdirectory keeps the rest.
    if (match)
      return { repository: { host: 'github.com', owner: match[1]!, repo: match[2]! }, importRoot: meta.prefix };
    throw new UserError(
      `${importPath} is served from ${meta.repoRoot}, which is not on GitHub: vendorfork can only resolve GitHub repositories`,
    );
  }
  throw new UserError(`${importPath}: ${url} has no go-import meta tag for git: write the fork's full URL`);
}

/** The `<meta name="go-import" content="PREFIX VCS REPO">` tags of a page. */
export function parseGoImports(html: string): { prefix: string; vcs: string; repoRoot: string }[] {
  const found: { prefix: string; vcs: string; repoRoot: string }[] = [];
  for (const [tag] of html.matchAll(/<meta\s[^>]*>/gi)) {
    if (!/name\s*=\s*["']go-import["']/i.test(tag)) continue;
    const content = /content\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    const [prefix, vcs, repoRoot] = (content ?? '').trim().split(/\s+/);
    if (prefix && vcs && repoRoot) found.push({ prefix, vcs, repoRoot });
  }
  return found;
}
