import type { GitHubCache } from '../github/cache.js';
import type { GitHubClient } from '../github/client.js';
import { fullName, type RepoId } from './fork-spec.js';

export interface BatchItem {
  importPath: string;
  upstream: RepoId;
  /** The repository vndr clones: the fork named in the third field. */
  repository: RepoId;
  ref: string;
}

export interface BatchAnswer {
  importPath: string;
  /** False when the repository does not exist (or is private). */
  exists: boolean;
  /** The commit the ref names, or undefined when it names none. */
  sha?: string;
  /** Network roots, owner/repo, for the fork-of check. */
  source?: string;
  upstreamSource?: string;
}

const CHUNK = 100;
const PARENTS = 'parent { nameWithOwner parent { nameWithOwner parent { nameWithOwner } } }';

/**
 * Resolves many entries at once, for the commands that look at every entry.
 * With a token: one GraphQL query per 100 entries, with aliases and variables
 * (never string-built, so an entry cannot inject into the query). Without
 * one (GraphQL needs a token): REST, where the client's conditional requests
 * make a repeat run cost no rate limit.
 */
export async function resolveBatch(
  items: BatchItem[],
  client: GitHubClient,
  cache: GitHubCache,
  options: { graphql: boolean },
): Promise<BatchAnswer[]> {
  if (options.graphql) {
    const answers: BatchAnswer[] = [];
    for (let i = 0; i < items.length; i += CHUNK)
      answers.push(...(await graphqlChunk(items.slice(i, i + CHUNK), client)));
    return answers;
  }
  const answers: BatchAnswer[] = [];
  for (const item of items) answers.push(await restOne(item, client, cache));
  return answers;
}

interface RepositoryNode {
  nameWithOwner: string;
  parent?: ParentNode | null;
  object?: { oid: string } | null;
}
type ParentNode = { nameWithOwner: string; parent?: ParentNode | null };

function root(node: RepositoryNode): string {
  let current: ParentNode = node;
  while (current.parent) current = current.parent;
  return current.nameWithOwner;
}

async function graphqlChunk(items: BatchItem[], client: GitHubClient): Promise<BatchAnswer[]> {
  const upstreams = [...new Map(items.map((item) => [fullName(item.upstream).toLowerCase(), item.upstream])).values()];
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  items.forEach((item, i) => {
    variables[`o${i}`] = item.repository.owner;
    variables[`n${i}`] = item.repository.repo;
    variables[`x${i}`] = item.ref;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`, `$x${i}: String!`);
    fields.push(
      `e${i}: repository(owner: $o${i}, name: $n${i}) { nameWithOwner ${PARENTS} object(expression: $x${i}) { oid } }`,
    );
  });
  upstreams.forEach((upstream, i) => {
    variables[`uo${i}`] = upstream.owner;
    variables[`un${i}`] = upstream.repo;
    declarations.push(`$uo${i}: String!`, `$un${i}: String!`);
    fields.push(`u${i}: repository(owner: $uo${i}, name: $un${i}) { nameWithOwner ${PARENTS} }`);
  });
  const query = `query vendorforkBatch(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`;
  const { data } = await client.graphql<Record<string, RepositoryNode | null>>(query, variables);
  const upstreamRoot = new Map(
    upstreams.map((upstream, i) => [
      fullName(upstream).toLowerCase(),
      data?.[`u${i}`] ? root(data[`u${i}`]!) : undefined,
    ]),
  );
  return items.map((item, i) => {
    const node = data?.[`e${i}`];
    const upstreamSource = upstreamRoot.get(fullName(item.upstream).toLowerCase());
    if (!node) return { importPath: item.importPath, exists: false, ...(upstreamSource ? { upstreamSource } : {}) };
    return {
      importPath: item.importPath,
      exists: true,
      ...(node.object ? { sha: node.object.oid } : {}),
      source: root(node),
      ...(upstreamSource ? { upstreamSource } : {}),
    };
  });
}

async function restOne(item: BatchItem, client: GitHubClient, cache: GitHubCache): Promise<BatchAnswer> {
  const networkKey = (id: RepoId) => `${id.host}/${fullName(id).toLowerCase()}`;
  const sourceOf = async (id: RepoId): Promise<string | undefined> => {
    const cached = cache.network(networkKey(id));
    if (cached) return cached;
    const info = await client.repository(id);
    if (info) cache.setNetwork(networkKey(id), info.source);
    return info?.source;
  };
  const source = await sourceOf(item.repository);
  if (!source) return { importPath: item.importPath, exists: false };
  const upstreamSource = await sourceOf(item.upstream);
  const commitKey = `${networkKey(item.repository)}@${item.ref}`;
  const sha =
    /^[0-9a-f]{40}$/.test(item.ref) && cache.hasCommit(commitKey)
      ? item.ref
      : await client.commitSha(item.repository, item.ref);
  if (sha && sha === item.ref) cache.addCommit(commitKey);
  return {
    importPath: item.importPath,
    exists: true,
    ...(sha ? { sha } : {}),
    source,
    ...(upstreamSource ? { upstreamSource } : {}),
  };
}
