import type { GitHubCache } from '../github/cache.js';
import type { GitHubClient } from '../github/client.js';
import { FULL_SHA, fullName, repoKey, type RepoId } from './fork-spec.js';

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
  /** Canonical owner/repo names, after GitHub's renames. */
  name?: string;
  upstreamName?: string;
  /** Network roots, owner/repo, for the fork-of check. */
  source?: string;
  upstreamSource?: string;
  /** With `reach`: whether a branch or tag of the repository holds the commit. */
  reach?: Reachability;
  /** With `drift`: the commit against upstream's default branch; absent when GitHub could not compare them. */
  drift?: Drift;
  upstreamDefaultBranch?: string;
  /** With `upstreamTags`: upstream's newest tags by commit date, up to 100. */
  upstreamTags?: string[];
}

export interface Reachability {
  reachable: boolean;
  via?: string;
}

export interface Drift {
  defaultBranch: string;
  /** Commits in the pin that upstream's default branch lacks, and the reverse. */
  aheadBy: number;
  behindBy: number;
}

export interface BatchOptions {
  graphql: boolean;
  /** Ask, in the same query, whether a branch or tag of the repository holds the commit. */
  reach?: boolean;
  /** Compare the commit with upstream's default branch (only for full-SHA refs: GitHub would read a name as upstream's own ref). */
  drift?: boolean;
  /** List upstream's tags. */
  upstreamTags?: boolean;
}

const CHUNK = 100;
const PARENTS = 'parent { nameWithOwner parent { nameWithOwner parent { nameWithOwner } } }';
/** As many refs as the REST reachability check compares: the newest branches and tags. */
const REACH_BRANCHES = 20;
const REACH_TAGS = 10;
const TARGET = 'target { oid ... on Tag { target { oid } } }';
/** Every branch and tag tip, up to 100 each, to find one that is the commit itself without a compare. */
const TIPS = `headTips: refs(refPrefix: "refs/heads/", first: 100) { nodes { name ${TARGET} } } tagTips: refs(refPrefix: "refs/tags/", first: 100) { nodes { name ${TARGET} } }`;

/**
 * Resolves many entries at once, for the commands that look at every entry.
 * With a token: one GraphQL query per 100 entries, with aliases and variables
 * (never string-built, so an entry cannot inject into the query). Without
 * one (GraphQL needs a token): REST, where the client's conditional requests
 * make a repeat run cost no rate limit; `reach`, `drift` and `upstreamTags`
 * are GraphQL-only, and the caller asks REST for them.
 */
export async function resolveBatch(
  items: BatchItem[],
  client: GitHubClient,
  cache: GitHubCache,
  options: BatchOptions,
): Promise<BatchAnswer[]> {
  if (options.graphql) {
    const answers: BatchAnswer[] = [];
    for (let i = 0; i < items.length; i += CHUNK)
      answers.push(...(await graphqlChunk(items.slice(i, i + CHUNK), client, options)));
    return answers;
  }
  const answers: BatchAnswer[] = [];
  for (const item of items) answers.push(await restOne(item, client, cache));
  return answers;
}

type ComparisonNode = { status: 'AHEAD' | 'BEHIND' | 'DIVERGED' | 'IDENTICAL'; aheadBy?: number; behindBy?: number };
type RefNode = {
  name: string;
  compare?: ComparisonNode | null;
  target?: { oid: string; target?: { oid: string } | null } | null;
};
interface RepositoryNode {
  nameWithOwner: string;
  parent?: ParentNode | null;
  object?: { oid: string; target?: { oid: string } | null } | null;
  defaultBranchRef?: RefNode | null;
  heads?: { nodes: (RefNode | null)[] | null } | null;
  tags?: { nodes: (RefNode | null)[] | null } | null;
  headTips?: { nodes: (RefNode | null)[] | null } | null;
  tagTips?: { nodes: (RefNode | null)[] | null } | null;
}
type ParentNode = { nameWithOwner: string; parent?: ParentNode | null };

function root(node: RepositoryNode): string {
  let current: ParentNode = node;
  while (current.parent) current = current.parent;
  return current.nameWithOwner;
}

/** Base BEHIND or IDENTICAL to the commit means the ref holds it. */
const holds = (ref: RefNode | null | undefined) =>
  ref?.compare?.status === 'BEHIND' || ref?.compare?.status === 'IDENTICAL';

/** The commit a branch or tag points at (an annotated tag's target). */
const tipOf = (ref: RefNode) => ref.target?.target?.oid ?? ref.target?.oid;

/**
 * In the order of the REST path (Resolver.reachable), so both say the same
 * `via`: a branch whose tip is the commit, the default branch first; a branch
 * that contains it; then the same for tags. Names sort as GitHub's REST lists
 * them, and the default branch goes first.
 */
function reachability(node: RepositoryNode, sha: string): Reachability {
  const byName = (refs: (RefNode | null)[] | null | undefined) =>
    (refs ?? [])
      .filter((r): r is RefNode => r !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const defaultFirst = (refs: RefNode[]) => {
    const main = node.defaultBranchRef ? [node.defaultBranchRef] : [];
    return [...main, ...refs.filter((r) => r.name !== node.defaultBranchRef?.name)];
  };
  const found = (kind: 'branch' | 'tag', ref: RefNode | undefined): Reachability | undefined =>
    ref ? { reachable: true, via: `${kind} ${ref.name}` } : undefined;
  return (
    found(
      'branch',
      defaultFirst(byName(node.headTips?.nodes)).find((r) => tipOf(r) === sha),
    ) ??
    found('branch', defaultFirst(byName(node.heads?.nodes)).find(holds)) ??
    found(
      'tag',
      byName(node.tagTips?.nodes).find((r) => tipOf(r) === sha),
    ) ??
    found('tag', byName(node.tags?.nodes).find(holds)) ?? { reachable: false }
  );
}

async function graphqlChunk(items: BatchItem[], client: GitHubClient, options: BatchOptions): Promise<BatchAnswer[]> {
  const upstreams = [...new Map(items.map((item) => [fullName(item.upstream).toLowerCase(), item.upstream])).values()];
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  const compareWith = (x: string, counts: boolean) =>
    `compare(headRef: $${x}) { status${counts ? ' aheadBy behindBy' : ''} }`;
  const refsOrdered = (alias: string, prefix: string, first: number, x: string) =>
    `${alias}: refs(refPrefix: "${prefix}", first: ${first}, orderBy: {field: TAG_COMMIT_DATE, direction: DESC}) { nodes { name ${compareWith(x, false)} } }`;
  items.forEach((item, i) => {
    variables[`o${i}`] = item.repository.owner;
    variables[`n${i}`] = item.repository.repo;
    variables[`x${i}`] = item.ref;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`, `$x${i}: String!`);
    const reach = options.reach
      ? ` defaultBranchRef { name ${TARGET} ${compareWith(`x${i}`, false)} } ${refsOrdered('heads', 'refs/heads/', REACH_BRANCHES, `x${i}`)} ${refsOrdered('tags', 'refs/tags/', REACH_TAGS, `x${i}`)} ${TIPS}`
      : '';
    fields.push(
      `e${i}: repository(owner: $o${i}, name: $n${i}) { nameWithOwner ${PARENTS} object(expression: $x${i}) { oid ... on Tag { target { oid } } }${reach} }`,
    );
    if (options.drift && FULL_SHA.test(item.ref)) {
      variables[`do${i}`] = item.upstream.owner;
      variables[`dn${i}`] = item.upstream.repo;
      declarations.push(`$do${i}: String!`, `$dn${i}: String!`);
      fields.push(
        `d${i}: repository(owner: $do${i}, name: $dn${i}) { defaultBranchRef { name ${compareWith(`x${i}`, true)} } }`,
      );
    }
  });
  upstreams.forEach((upstream, i) => {
    variables[`uo${i}`] = upstream.owner;
    variables[`un${i}`] = upstream.repo;
    declarations.push(`$uo${i}: String!`, `$un${i}: String!`);
    const tags = options.upstreamTags
      ? ' tags: refs(refPrefix: "refs/tags/", first: 100, orderBy: {field: TAG_COMMIT_DATE, direction: DESC}) { nodes { name } }'
      : '';
    fields.push(`u${i}: repository(owner: $uo${i}, name: $un${i}) { nameWithOwner ${PARENTS}${tags} }`);
  });
  const query = `query vendorforkBatch(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`;
  const { data } = await client.graphql<Record<string, RepositoryNode | null>>(query, variables);
  const upstreamNodes = new Map(upstreams.map((upstream, i) => [fullName(upstream).toLowerCase(), data?.[`u${i}`]]));
  return items.map((item, i) => {
    const upstreamNode = upstreamNodes.get(fullName(item.upstream).toLowerCase());
    const upstreamFacts = upstreamNode
      ? {
          upstreamName: upstreamNode.nameWithOwner,
          upstreamSource: root(upstreamNode),
          ...(options.upstreamTags ? { upstreamTags: upstreamNode.tags?.nodes?.map((t) => t!.name) ?? [] } : {}),
        }
      : {};
    const node = data?.[`e${i}`];
    if (!node) return { importPath: item.importPath, exists: false, ...upstreamFacts };
    const sha = node.object ? (node.object.target?.oid ?? node.object.oid) : undefined;
    const answer: BatchAnswer = {
      importPath: item.importPath,
      exists: true,
      ...(sha ? { sha } : {}),
      name: node.nameWithOwner,
      source: root(node),
      ...upstreamFacts,
    };
    if (options.reach && sha) answer.reach = reachability(node, sha);
    const compared = data?.[`d${i}`]?.defaultBranchRef;
    if (compared) answer.upstreamDefaultBranch = compared.name;
    if (compared?.compare && sha)
      answer.drift = {
        defaultBranch: compared.name,
        aheadBy: compared.compare.aheadBy ?? 0,
        behindBy: compared.compare.behindBy ?? 0,
      };
    return answer;
  });
}

async function restOne(item: BatchItem, client: GitHubClient, cache: GitHubCache): Promise<BatchAnswer> {
  const sourceOf = async (id: RepoId): Promise<string | undefined> => {
    const cached = cache.network(repoKey(id));
    if (cached) return cached;
    const info = await client.repository(id);
    if (info) cache.setNetwork(repoKey(id), info.source);
    return info?.source;
  };
  const source = await sourceOf(item.repository);
  if (!source) return { importPath: item.importPath, exists: false };
  const upstreamSource = await sourceOf(item.upstream);
  const commitKey = `${repoKey(item.repository)}@${item.ref}`;
  const sha =
    FULL_SHA.test(item.ref) && cache.hasCommit(commitKey)
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
