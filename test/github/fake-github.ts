import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { components } from '@octokit/openapi-types';
import { buildSchema, graphql, type GraphQLError } from 'graphql';
import { GitStore, type CommitInfo } from './git-store.js';

type Schemas = components['schemas'];
/** A response body as GitHub documents it; only the fields the fake fills in, but a field GitHub does not send fails to compile. */
type Sent<T> = T extends (infer U)[] ? Sent<U>[] : T extends object ? { [K in keyof T]?: Sent<T[K]> } : T;

export interface HostedRepository {
  /** owner/name */
  fullName: string;
  /** A bare git repository with the repository's refs and objects. */
  gitDir: string;
  /** owner/name of the repository this one was forked from. */
  parent?: string;
  defaultBranch?: string;
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'slow'; ms: number }
  | { kind: 'truncate' }
  | { kind: 'drop' }
  /** The request waits until `until` settles, then is answered as usual; `arrived` is called when it comes. */
  | { kind: 'hold'; until: Promise<void>; arrived?: () => void };

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** Counted against the rate limit (a 304 is not, like on GitHub). */
  counted: boolean;
  authenticated: boolean;
}

export interface FakeGitHubOptions {
  repositories: HostedRepository[];
  /** old owner/name → new owner/name, answered with a 301 like GitHub's rename redirects. */
  renames?: Record<string, string>;

  /** The only token accepted; others get 401. */
  token?: string;
  /** Folder for the network object stores. */
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** Requests an hour; GitHub's are 60 without a token and 5,000 with one. */
  limits?: { anonymous: number; authenticated: number };
}

const GRAPHQL_SCHEMA = buildSchema(`
  type Query {
    repository(owner: String!, name: String!): Repository
    rateLimit: RateLimit
  }
  type RateLimit { limit: Int! remaining: Int! used: Int! resetAt: String! cost: Int! }
  type Repository {
    nameWithOwner: String!
    url: String!
    isFork: Boolean!
    parent: Repository
    defaultBranchRef: Ref
    object(expression: String!): GitObject
    ref(qualifiedName: String!): Ref
    refs(refPrefix: String!, first: Int, orderBy: RefOrder): RefConnection
  }
  type Ref { name: String! prefix: String! target: GitObject compare(headRef: String!): Comparison }
  type Comparison { status: ComparisonStatus! aheadBy: Int! behindBy: Int! }
  enum ComparisonStatus { AHEAD BEHIND DIVERGED IDENTICAL }
  type RefConnection { totalCount: Int! nodes: [Ref] }
  input RefOrder { field: RefOrderField! direction: OrderDirection! }
  enum RefOrderField { ALPHABETICAL TAG_COMMIT_DATE }
  enum OrderDirection { ASC DESC }
  interface GitObject { oid: String! abbreviatedOid: String! }
  type Commit implements GitObject { oid: String! abbreviatedOid: String! messageHeadline: String! }
  type Tag implements GitObject { oid: String! abbreviatedOid: String! target: GitObject }
`);

/**
 * A local stand-in for api.github.com that answers from real git
 * repositories, so every SHA a test sees is real. REST for repositories,
 * commits, refs, branches, tags and compare; GraphQL for the batched query;
 * rate-limit headers, ETags with 304s, rename redirects, request counting and
 * injectable faults.
 */
export class FakeGitHub {
  readonly requests: LoggedRequest[] = [];
  /**
   * Whether GraphQL's Ref.compare(headRef: OID) finds a commit that only
   * another repository of the network holds. Public reports confirm an OID
   * works within a repository; across a network it is not known, so tests
   * run both ways.
   */
  graphqlCompareAcrossNetwork = true;
  private readonly faults: { fault: Fault; match?: RegExp }[] = [];
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly repos = new Map<string, HostedRepository & { id: number; network: string }>();
  private readonly store: GitStore;
  private remaining: { anonymous: number; authenticated: number };
  private resetAt = Math.floor(Date.now() / 1000) + 3600;
  baseUrl = '';

  private constructor(private readonly options: FakeGitHubOptions) {
    this.store = new GitStore(options.env);
    this.remaining = { ...(options.limits ?? { anonymous: 60, authenticated: 5000 }) };
  }

  static async start(options: FakeGitHubOptions): Promise<FakeGitHub> {
    const fake = new FakeGitHub(options);
    await fake.prepare();
    await new Promise<void>((resolve) => {
      fake.server = createServer((req, res) => void fake.handle(req, res));
      fake.server.on('connection', (socket) => {
        fake.sockets.add(socket);
        socket.on('close', () => fake.sockets.delete(socket));
      });
      fake.server.listen(0, '127.0.0.1', resolve);
    });
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next matching request (any, by default) gets this fault, `times` times. */
  inject(fault: Fault, options: { times?: number; path?: RegExp } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) this.faults.push({ fault, match: options.path });
  }

  /**
   * Holds the next request whose path matches until `release` is called: a run stopped at a known point
   * (after it read its manifest, before it takes the lock), however slow the machine. `arrived` settles
   * when that request has come.
   */
  hold(path?: RegExp): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrive!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    this.inject({ kind: 'hold', until, arrived: arrive }, path ? { path } : {});
    return { arrived, release };
  }

  /** Uses up the rate limit; it resets `inSeconds` from now. */
  exhaustRateLimit(inSeconds = 1800): void {
    this.remaining = { anonymous: 0, authenticated: 0 };
    this.resetAt = Math.floor(Date.now() / 1000) + inSeconds;
  }

  /** Back to a full hourly allowance. */
  resetRateLimit(): void {
    this.remaining = { ...(this.options.limits ?? { anonymous: 60, authenticated: 5000 }) };
    this.resetAt = Math.floor(Date.now() / 1000) + 3600;
  }

  get resetTime(): number {
    return this.resetAt;
  }

  /** Requests that cost rate limit. */
  counted(): LoggedRequest[] {
    return this.requests.filter((r) => r.counted);
  }

  private async prepare(): Promise<void> {
    let id = 1000;
    for (const repo of this.options.repositories)
      this.repos.set(repo.fullName.toLowerCase(), { ...repo, id: id++, network: '' });
    const networks = new Map<string, string[]>();
    for (const repo of this.repos.values()) {
      repo.network = this.source(repo.fullName);
      networks.set(repo.network, [...(networks.get(repo.network) ?? []), repo.gitDir]);
    }
    for (const [source, members] of networks) {
      await GitStore.network(
        path.join(this.options.workDir, 'networks', `${source.replace('/', '__')}.git`),
        members,
        this.options.env,
      );
    }
  }

  private networkDir(repo: { network: string }): string {
    return path.join(this.options.workDir, 'networks', `${repo.network.replace('/', '__')}.git`);
  }

  private source(fullName: string): string {
    let current = this.repos.get(fullName.toLowerCase())!;
    while (current.parent) current = this.repos.get(current.parent.toLowerCase())!;
    return current.fullName;
  }

  private lookup(fullName: string) {
    return this.repos.get(fullName.toLowerCase());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const auth = req.headers.authorization;
    const authenticated = auth !== undefined;
    const log = (status: number, counted: boolean) =>
      this.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        status,
        counted,
        authenticated,
      });

    const index = this.faults.findIndex((f) => !f.match || f.match.test(url.pathname));
    const fault = index === -1 ? undefined : this.faults.splice(index, 1)[0]!.fault;
    if (fault?.kind === 'drop') {
      log(0, true);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'hold') {
      fault.arrived?.();
      await fault.until;
    }
    if (fault?.kind === 'status') {
      log(fault.status, true);
      this.send(res, fault.status, fault.body ?? { message: `fault ${fault.status}` }, {
        ...this.rateHeaders(authenticated),
        ...fault.headers,
      });
      return;
    }

    if (
      authenticated &&
      this.options.token &&
      auth !== `token ${this.options.token}` &&
      auth !== `bearer ${this.options.token}`
    ) {
      log(401, true);
      this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }

    const body = req.method === 'POST' ? await readBody(req) : '';
    let result: { status: number; body: unknown; headers?: Record<string, string>; text?: string };
    try {
      result =
        req.method === 'POST' && url.pathname === '/graphql'
          ? await this.graphql(body, authenticated)
          : await this.rest(url, req);
    } catch (error) {
      result = { status: 500, body: { message: String(error) } };
    }

    const etag = `"${createHash('sha1')
      .update(JSON.stringify(result.body ?? result.text))
      .digest('hex')}"`;
    if (req.method === 'GET' && result.status === 200 && req.headers['if-none-match'] === etag) {
      log(304, false);
      res.writeHead(304, { etag, ...this.rateHeaders(authenticated) });
      res.end();
      return;
    }
    const isRateLimit = url.pathname === '/rate_limit';
    const limited = !isRateLimit && this.take(authenticated);
    if (limited) {
      log(403, true);
      this.send(
        res,
        403,
        {
          message:
            "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit.)",
          documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        },
        this.rateHeaders(authenticated),
      );
      return;
    }
    log(result.status, !isRateLimit);
    const headers = {
      ...this.rateHeaders(authenticated),
      ...(req.method === 'GET' && result.status === 200 ? { etag } : {}),
      ...result.headers,
    };
    if (fault?.kind === 'truncate' && result.status !== 200) {
      // Only a body worth reading is cut off; the fault waits for the next one.
      this.faults.unshift({ fault });
    } else if (fault?.kind === 'truncate') {
      const text = JSON.stringify(result.body);
      res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    if (result.text !== undefined) {
      res.writeHead(result.status, { 'content-type': 'application/vnd.github.sha; charset=utf-8', ...headers });
      res.end(result.text);
      return;
    }
    this.send(res, result.status, result.body, headers);
  }

  /** Spends one request of the caller's limit; true when there was none left. */
  private take(authenticated: boolean): boolean {
    const key = authenticated ? 'authenticated' : 'anonymous';
    if (this.remaining[key] <= 0) return true;
    this.remaining[key]--;
    return false;
  }

  private rateHeaders(authenticated: boolean): Record<string, string> {
    const limits = this.options.limits ?? { anonymous: 60, authenticated: 5000 };
    const limit = authenticated ? limits.authenticated : limits.anonymous;
    const remaining = this.remaining[authenticated ? 'authenticated' : 'anonymous'];
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-used': String(limit - Math.max(0, remaining)),
      'x-ratelimit-reset': String(this.resetAt),
      'x-ratelimit-resource': 'core',
    };
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private async rest(
    url: URL,
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; text?: string }> {
    const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    if (url.pathname === '/rate_limit') {
      const authenticated = req.headers.authorization !== undefined;
      const h = this.rateHeaders(authenticated);
      const core = {
        limit: Number(h['x-ratelimit-limit']),
        remaining: Number(h['x-ratelimit-remaining']),
        used: Number(h['x-ratelimit-used']),
        reset: this.resetAt,
      };
      return { status: 200, body: { resources: { core }, rate: core } satisfies Sent<Schemas['rate-limit-overview']> };
    }
    let match = /^\/repositories\/(\d+)(\/.*)?$/.exec(url.pathname);
    let repoName: string | undefined;
    let rest: string;
    if (match) {
      repoName = [...this.repos.values()].find((r) => r.id === Number(match![1]))?.fullName;
      rest = match[2] ?? '';
    } else {
      match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
      if (!match) return notFound;
      const name = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
      const renamed = Object.entries(this.options.renames ?? {}).find(
        ([from]) => from.toLowerCase() === name.toLowerCase(),
      )?.[1];
      if (renamed) {
        const target = this.lookup(renamed)!;
        return {
          status: 301,
          body: { message: 'Moved Permanently', url: `${this.baseUrl}/repositories/${target.id}${match[3] ?? ''}` },
          headers: { location: `${this.baseUrl}/repositories/${target.id}${match[3] ?? ''}${url.search}` },
        };
      }
      repoName = name;
      rest = match[3] ?? '';
    }
    const repo = repoName ? this.lookup(repoName) : undefined;
    if (!repo) return notFound;

    if (rest === '') return { status: 200, body: this.repositoryBody(repo) };

    let m: RegExpExecArray | null;
    if ((m = /^\/git\/trees\/([0-9a-f]{40})$/.exec(rest))) {
      // A commit's tree: its top level, or all of it with ?recursive=1 (never truncated here).
      const sha = await this.resolve(repo, m[1]!);
      const entries = sha
        ? await this.store.tree(this.networkDir(repo), sha, Boolean(url.searchParams.get('recursive')))
        : undefined;
      if (!entries) return notFound;
      const body: Sent<Schemas['git-tree']> = {
        sha,
        url: `${this.baseUrl}/repos/${repo.fullName}/git/trees/${sha}`,
        truncated: false,
        tree: entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha })),
      };
      return { status: 200, body };
    }
    if ((m = /^\/contents\/(.+)$/.exec(rest))) {
      // A file at a ref, as the raw media type gives it: the bytes, or a 404 when the path is not there.
      const file = decodeURIComponent(m[1]!);
      const sha = await this.resolve(repo, url.searchParams.get('ref') ?? 'HEAD');
      const text = sha && !file.startsWith('-') ? await this.store.blob(this.networkDir(repo), sha, file) : undefined;
      if (text === undefined)
        return {
          status: 404,
          body: {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
          },
        };
      if (/application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? ''))
        return { status: 200, body: text, text };
      return { status: 415, body: { message: 'this fake serves contents only as application/vnd.github.raw' } };
    }
    if ((m = /^\/commits\/(.+)$/.exec(rest))) {
      const ref = decodeURIComponent(m[1]!);
      const sha = await this.resolve(repo, ref);
      if (!sha)
        return {
          status: 422,
          body: {
            message: `No commit found for SHA: ${ref}`,
            documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
          },
        };
      if (/application\/vnd\.github(\.v3)?\.sha/.test(req.headers.accept ?? ''))
        return { status: 200, body: sha, text: sha };
      const info = (await this.store.show(this.networkDir(repo), sha))!;
      return { status: 200, body: this.commitBody(repo, info) };
    }
    // Octokit sends the ref's slash encoded (tags%2Fv1.0.0); GitHub takes both.
    if ((m = /^\/git\/ref\/(heads|tags)\/(.+)$/.exec(decodeURIComponent(rest)))) {
      const qualified = `refs/${m[1]}/${m[2]}`;
      const ref = await this.store.ref(repo.gitDir, qualified);
      if (!ref) return notFound;
      const body: Sent<Schemas['git-ref']> = {
        ref: qualified,
        node_id: nodeId('Ref', qualified),
        url: `${this.baseUrl}/repos/${repo.fullName}/git/${qualified}`,
        object: {
          type: ref.type,
          sha: ref.object,
          url: `${this.baseUrl}/repos/${repo.fullName}/git/${ref.type}s/${ref.object}`,
        },
      };
      return { status: 200, body };
    }
    if (rest === '/branches' || rest === '/tags') {
      const kind = rest === '/branches' ? 'refs/heads/' : 'refs/tags/';
      const all = await this.store.refs(repo.gitDir, kind);
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      const body =
        kind === 'refs/heads/'
          ? slice.map((b): Sent<Schemas['short-branch']> => ({
              name: b.name,
              commit: { sha: b.sha, url: `${this.baseUrl}/repos/${repo.fullName}/commits/${b.sha}` },
              protected: false,
            }))
          : slice.map((t): Sent<Schemas['tag']> => ({
              name: t.name,
              commit: { sha: t.sha, url: `${this.baseUrl}/repos/${repo.fullName}/commits/${t.sha}` },
              node_id: nodeId('Tag', t.name),
            }));
      return { status: 200, body, headers };
    }
    if ((m = /^\/compare\/(.+)$/.exec(rest))) {
      return this.compare(repo, decodeURIComponent(m[1]!));
    }
    return notFound;
  }

  /** Like GitHub: a branch, then a tag, then a (possibly short) SHA anywhere in the network. */
  private async resolve(repo: HostedRepository & { network: string }, ref: string): Promise<string | undefined> {
    if (!ref || ref.startsWith('-') || ref.includes('..')) return undefined;
    // GitHub documents heads/NAME and tags/NAME as unambiguous forms.
    const qualifiedForms = /^(heads|tags)\//.test(ref) ? [`refs/${ref}`] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
    for (const qualified of qualifiedForms) {
      const found = await this.store.ref(repo.gitDir, qualified);
      if (found) return found.sha;
    }
    if (/^[0-9a-f]{4,40}$/.test(ref)) return this.store.commit(this.networkDir(repo), ref);
    return undefined;
  }

  private async compare(repo: HostedRepository & { id: number; network: string }, basehead: string) {
    const [baseSpec, headSpec] = basehead.split('...');
    if (!baseSpec || !headSpec) return { status: 404, body: { message: 'Not Found' } };
    const side = async (spec: string) => {
      const colon = spec.indexOf(':');
      let target = repo as HostedRepository & { network: string };
      let ref = spec;
      if (colon !== -1) {
        const owner = spec.slice(0, colon);
        ref = spec.slice(colon + 1);
        const candidate = [...this.repos.values()].find(
          (r) => r.network === repo.network && r.fullName.split('/')[0]!.toLowerCase() === owner.toLowerCase(),
        );
        if (!candidate) return undefined;
        target = candidate;
      }
      return this.resolve(target, ref);
    };
    const base = await side(baseSpec);
    const head = await side(headSpec);
    if (!base || !head)
      return {
        status: 404,
        body: {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
        },
      };
    const network = this.networkDir(repo);
    const mergeBase = await this.store.mergeBase(network, base, head);
    if (!mergeBase)
      return { status: 404, body: { message: `No common ancestor between ${baseSpec} and ${headSpec}.` } };
    const ahead = await this.store.count(network, `${base}..${head}`);
    const behind = await this.store.count(network, `${head}..${base}`);
    const commits = await this.store.log(network, `${base}..${head}`, 250);
    const status =
      ahead === 0 && behind === 0 ? 'identical' : ahead === 0 ? 'behind' : behind === 0 ? 'ahead' : 'diverged';
    const mergeBaseInfo = (await this.store.show(network, mergeBase))!;
    const baseInfo = (await this.store.show(network, base))!;
    const body: Sent<Schemas['commit-comparison']> = {
      url: `${this.baseUrl}/repos/${repo.fullName}/compare/${basehead}`,
      html_url: `https://github.com/${repo.fullName}/compare/${basehead}`,
      permalink_url: `https://github.com/${repo.fullName}/compare/${base.slice(0, 7)}...${head.slice(0, 7)}`,
      diff_url: `https://github.com/${repo.fullName}/compare/${basehead}.diff`,
      patch_url: `https://github.com/${repo.fullName}/compare/${basehead}.patch`,
      status,
      ahead_by: ahead,
      behind_by: behind,
      total_commits: ahead,
      base_commit: this.commitBody(repo, baseInfo),
      merge_base_commit: this.commitBody(repo, mergeBaseInfo),
      commits: commits.map((c) => this.commitBody(repo, c)),
    };
    return { status: 200, body };
  }

  private repositoryBody(repo: HostedRepository & { id: number }): Sent<Schemas['full-repository']> {
    const [owner, name] = repo.fullName.split('/') as [string, string];
    const minimal = (r: HostedRepository & { id: number }): Sent<Schemas['repository']> => ({
      id: r.id,
      node_id: nodeId('Repository', r.fullName),
      name: r.fullName.split('/')[1],
      full_name: r.fullName,
      owner: this.user(r.fullName.split('/')[0]!),
      private: false,
      html_url: `https://github.com/${r.fullName}`,
      url: `${this.baseUrl}/repos/${r.fullName}`,
      clone_url: `https://github.com/${r.fullName}.git`,
      fork: r.parent !== undefined,
      default_branch: r.defaultBranch ?? 'master',
    });
    const parent = repo.parent ? this.lookup(repo.parent) : undefined;
    const source = this.lookup(this.source(repo.fullName))!;
    return {
      id: repo.id,
      node_id: nodeId('Repository', repo.fullName),
      name,
      full_name: repo.fullName,
      owner: this.user(owner),
      private: false,
      visibility: 'public',
      html_url: `https://github.com/${repo.fullName}`,
      url: `${this.baseUrl}/repos/${repo.fullName}`,
      clone_url: `https://github.com/${repo.fullName}.git`,
      git_url: `git://github.com/${repo.fullName}.git`,
      ssh_url: `git@github.com:${repo.fullName}.git`,
      fork: repo.parent !== undefined,
      default_branch: repo.defaultBranch ?? 'master',
      archived: false,
      disabled: false,
      ...(parent ? { parent: minimal(parent), source: minimal(source) } : {}),
    };
  }

  private user(login: string): Sent<Schemas['simple-user']> {
    return {
      login,
      id: [...login].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 1e7,
      node_id: nodeId('User', login),
      type: 'User',
      site_admin: false,
      html_url: `https://github.com/${login}`,
      url: `${this.baseUrl}/users/${login}`,
    };
  }

  private commitBody(repo: HostedRepository, info: CommitInfo): Sent<Schemas['commit']> {
    return {
      sha: info.sha,
      node_id: nodeId('Commit', info.sha),
      url: `${this.baseUrl}/repos/${repo.fullName}/commits/${info.sha}`,
      html_url: `https://github.com/${repo.fullName}/commit/${info.sha}`,
      commit: {
        message: info.message,
        author: info.author,
        committer: info.committer,
        tree: { sha: info.tree, url: `${this.baseUrl}/repos/${repo.fullName}/git/trees/${info.tree}` },
        url: `${this.baseUrl}/repos/${repo.fullName}/git/commits/${info.sha}`,
        comment_count: 0,
      },
      parents: info.parents.map((sha) => ({ sha, url: `${this.baseUrl}/repos/${repo.fullName}/commits/${sha}` })),
    };
  }

  private async graphql(body: string, authenticated: boolean) {
    if (!authenticated) {
      return {
        status: 401,
        body: {
          message: 'This endpoint requires you to be authenticated.',
          documentation_url:
            'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        },
      };
    }
    if (this.remaining.authenticated <= 0) {
      return {
        status: 200,
        body: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] },
      };
    }
    const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    const result = await graphql({
      schema: GRAPHQL_SCHEMA,
      source: query,
      variableValues: variables,
      rootValue: this.graphqlRoot(),
    });
    const errors = result.errors?.map((e: GraphQLError) => ({
      type: (e.originalError as { type?: string } | undefined)?.type ?? 'INTERNAL',
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
    return { status: 200, body: errors ? { data: result.data, errors } : { data: result.data } };
  }

  private graphqlRoot() {
    const repository = (repo: HostedRepository & { id: number; network: string }): Record<string, unknown> => ({
      nameWithOwner: repo.fullName,
      url: `https://github.com/${repo.fullName}`,
      isFork: repo.parent !== undefined,
      parent: () => (repo.parent ? repository(this.lookup(repo.parent)!) : null),
      defaultBranchRef: async () => gitRef(repo, `refs/heads/${repo.defaultBranch ?? 'master'}`),
      object: async ({ expression }: { expression: string }) => {
        const sha = await this.resolve(repo, expression);
        if (!sha) return null;
        // Like GitHub, an annotated tag's name gives the Tag object, not its commit.
        const tag = (await this.store.ref(repo.gitDir, `refs/heads/${expression}`))
          ? undefined
          : await this.store.ref(repo.gitDir, `refs/tags/${expression.replace(/^tags\//, '')}`);
        return tag?.type === 'tag' ? gitObject(tag.object, 'tag', gitObject(sha, 'commit')) : gitObject(sha, 'commit');
      },
      ref: async ({ qualifiedName }: { qualifiedName: string }) => gitRef(repo, qualifiedName),
      refs: async ({ refPrefix, first, orderBy }: RefsArguments) => {
        if (refPrefix !== 'refs/heads/' && refPrefix !== 'refs/tags/') return { totalCount: 0, nodes: [] };
        const all = await this.store.refs(repo.gitDir, refPrefix);
        if (orderBy?.field === 'TAG_COMMIT_DATE') all.sort((a, b) => a.date - b.date || (a.name < b.name ? -1 : 1));
        if (orderBy?.direction === 'DESC') all.reverse();
        const page = all.slice(0, Math.min(first ?? 100, 100));
        return { totalCount: all.length, nodes: page.map((r) => gitRef(repo, `${refPrefix}${r.name}`)) };
      },
    });
    const compare = async (repo: HostedRepository & { network: string }, base: string, headRef: string) => {
      const head = await this.resolve(repo, headRef);
      if (!head) return null;
      if (
        !this.graphqlCompareAcrossNetwork &&
        (await this.store.git(repo.gitDir, 'cat-file', '-e', `${head}^{commit}`)) === undefined
      )
        return null;
      const network = this.networkDir(repo);
      if (!(await this.store.mergeBase(network, base, head))) return null;
      const aheadBy = await this.store.count(network, `${base}..${head}`);
      const behindBy = await this.store.count(network, `${head}..${base}`);
      const status =
        aheadBy === 0 && behindBy === 0
          ? 'IDENTICAL'
          : aheadBy === 0
            ? 'BEHIND'
            : behindBy === 0
              ? 'AHEAD'
              : 'DIVERGED';
      return { status, aheadBy, behindBy };
    };
    const gitObject = (sha: string, type: string, target?: unknown) => ({
      __typename: type === 'tag' ? 'Tag' : 'Commit',
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      messageHeadline: '',
      target,
    });
    const gitRef = async (repo: HostedRepository & { network: string }, qualified: string) => {
      const found = await this.store.ref(repo.gitDir, qualified);
      if (!found) return null;
      const name = qualified.replace(/^refs\/(heads|tags)\//, '');
      return {
        name,
        prefix: qualified.slice(0, qualified.length - name.length),
        compare: ({ headRef }: { headRef: string }) => compare(repo, found.sha, headRef),
        target:
          found.type === 'tag'
            ? gitObject(found.object, 'tag', gitObject(found.sha, 'commit'))
            : gitObject(found.sha, 'commit'),
      };
    };
    return {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const full = `${owner}/${name}`;
        const renamed = Object.entries(this.options.renames ?? {}).find(
          ([from]) => from.toLowerCase() === full.toLowerCase(),
        )?.[1];
        const repo = this.lookup(renamed ?? full);
        if (!repo)
          throw Object.assign(new Error(`Could not resolve to a Repository with the name '${full}'.`), {
            type: 'NOT_FOUND',
          });
        return repository(repo);
      },
      rateLimit: () => ({
        limit: 5000,
        remaining: this.remaining.authenticated,
        used: 5000 - this.remaining.authenticated,
        resetAt: new Date(this.resetAt * 1000).toISOString(),
        cost: 1,
      }),
    };
  }
}

interface RefsArguments {
  refPrefix: string;
  first?: number;
  orderBy?: { field: 'ALPHABETICAL' | 'TAG_COMMIT_DATE'; direction: 'ASC' | 'DESC' };
}

function nodeId(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`).toString('base64');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
