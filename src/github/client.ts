import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import type { RepoId } from '../resolve/fork-spec.js';
import type { GitHubCache } from './cache.js';
import type { GitHubConfig } from './config.js';
import {
  describeRequestError,
  GitHubUnavailable,
  InvalidResponseError,
  isTransient,
  lastsTheCommand,
  shortRetryAfter,
} from './errors.js';

const VendorforkOctokit = Octokit.plugin(throttling);

/** How many tries a failed request took, by its error (see withRetries). */
const triesOf = new WeakMap<object, number>();

export interface ClientOptions extends GitHubConfig {
  cache?: GitHubCache;
  /** How long one try may wait for an answer: a server that accepts and stays silent is not tried again. */
  timeoutMs?: number;
  /** Retries of fast, transient failures: a 5xx, a reset connection. */
  retries?: number;
  /** All the tries of one request, waits included, end within this. */
  budgetMs?: number;
  /** Scale of the retry back-off; tests make it small. */
  retryBaseMs?: number;
  /** Waits for a rate limit that resets sooner than this; longer ones fail with a clear message. */
  maxWaitSeconds?: number;
}

export interface RepoInfo {
  fullName: string;
  fork: boolean;
  parent?: string;
  /** The network root: owner/repo. */
  source: string;
  defaultBranch: string;
}

export interface Comparison {
  status: 'diverged' | 'ahead' | 'behind' | 'identical';
  aheadBy: number;
  behindBy: number;
  totalCommits: number;
  mergeBase: string;
  /** The commits head has and base lacks (the first 100), oldest first, as GitHub lists them. */
  commits: { sha: string; subject: string; parents: number }[];
  htmlUrl: string;
}

export interface PullRequestInfo {
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  /** The commit the merge made on the base branch (a squash's one commit, a merge commit), when merged. */
  mergeCommit?: string;
}

/**
 * The only module that talks to GitHub. Wraps Octokit with retry and
 * throttling, conditional requests from the cache, a timeout on every
 * request, and one-line errors that name the host.
 */
export class GitHubClient {
  private readonly octokit: InstanceType<typeof VendorforkOctokit>;
  readonly host: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly budgetMs: number;
  private readonly maxWaitSeconds: number;
  /** The wait the last try that timed out was given: what its error line reports. */
  private lastTimeoutMs: number;
  /** Requests sent: counts the tries an error line reports, and the tests read it. */
  requestCount = 0;
  private readonly repositories = new Map<string, Promise<RepoInfo | undefined>>();
  /**
   * Set when the host gave no answer that a later request in this command could get (it stayed silent
   * for a whole try, refused the connection, has no address, or sits on a port fetch will not use): every
   * later request fails at once with it, and those in flight are stopped. One silent host costs a command
   * one timeout, not one per request.
   */
  private givenUp: GitHubUnavailable | undefined;
  private readonly giveUp = new AbortController();

  constructor(private readonly options: ClientOptions) {
    this.host = new URL(options.apiUrl).host;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.lastTimeoutMs = this.timeoutMs;
    this.retries = options.retries ?? 2;
    this.budgetMs = options.budgetMs ?? 30_000;
    const retryBaseMs = options.retryBaseMs ?? 1000;
    const maxWait = options.maxWaitSeconds ?? 10;
    this.maxWaitSeconds = maxWait;
    const quiet = () => {};
    this.octokit = new VendorforkOctokit({
      auth: options.token,
      baseUrl: options.apiUrl,
      userAgent: 'vendorfork',
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
      request: { fetch: this.timedFetch },
      throttle: {
        retryAfterBaseValue: retryBaseMs,
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= maxWait,
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= maxWait,
      },
    });
    this.octokit.hook.wrap('request', async (request, requestOptions) => {
      const isGet = (requestOptions.method ?? 'GET') === 'GET';
      // The expanded URL: requestOptions.url is still the route template (/repos/{owner}/{repo}), the same for every repository.
      const key = isGet
        ? this.octokit.request.endpoint.parse(requestOptions).url + JSON.stringify(requestOptions.headers?.accept ?? '')
        : undefined;
      const cached = key ? options.cache?.etag(key) : undefined;
      if (cached) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': cached.etag };
      try {
        const response = await this.withRetries(request, requestOptions, retryBaseMs);
        const etag = response.headers.etag;
        const cacheable = typeof response.data === 'object' || /^[0-9a-f]{40}$/.test(String(response.data));
        if (key && etag && cacheable) options.cache?.setEtag(key, etag, response.data);
        return response;
      } catch (error) {
        if ((error as { status?: number }).status === 304 && cached) {
          return { status: 200, url: requestOptions.url, headers: {}, data: cached.data } as never;
        }
        throw error;
      }
    });
  }

  private readonly timedFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.requestCount++;
    // withRetries gives each try its own deadline; a request that bypasses it still gets the default one.
    if (init?.signal) return fetch(input, init);
    const deadline = this.deadline(this.timeoutMs);
    return fetch(input, { ...init, signal: deadline.signal }).finally(deadline.clear);
  };

  /**
   * Sends a request, and again after a short wait when it failed fast and may not fail again: a 5xx, or a
   * connection reset or dropped. A server that accepts and never answers is given one try of timeoutMs
   * (a second would likely wait as long); a refused connection or an unknown host is not retried at all. A
   * 429 that asks for a short wait (Retry-After) is retried after it.
   * All tries end within budgetMs. Rate limits are the throttling plugin's, inside this.
   */
  private async withRetries<T>(
    send: (options: never) => T | Promise<T>,
    requestOptions: { request?: Record<string, unknown> },
    retryBaseMs: number,
  ): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const left = this.budgetMs - (Date.now() - started);
      this.lastTimeoutMs = Math.max(1, Math.min(this.timeoutMs, left));
      // In place: before-after-hook binds this very object into the inner hooks, and ignores what send is given.
      const deadline = this.deadline(this.lastTimeoutMs);
      requestOptions.request = { ...requestOptions.request, signal: deadline.signal };
      try {
        return await send(requestOptions as never);
      } catch (error) {
        // The tries of this request, for its error line: the client's count also holds requests sent meanwhile.
        if (error !== null && typeof error === 'object') triesOf.set(error, attempt + 1);
        const retryAfter = shortRetryAfter(error, this.maxWaitSeconds);
        if (retryAfter === undefined && !isTransient(error)) throw error;
        const wait = retryAfter !== undefined ? retryAfter * retryBaseMs : retryBaseMs * (attempt + 1) ** 2;
        if (attempt >= this.retries || Date.now() - started + wait >= this.budgetMs) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      } finally {
        deadline.clear();
      }
    }
  }

  /**
   * A try's signal: aborted when its time is up (a TimeoutError, as AbortSignal.timeout gives), or at once
   * when the host is given up on. Made by hand: AbortSignal.any over AbortSignal.timeout can lose the
   * timer to garbage collection on Node 20, and a try would then wait for ever.
   */
  private deadline(ms: number): { signal: AbortSignal; clear: () => void } {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
    const onGiveUp = () => controller.abort(this.giveUp.signal.reason);
    if (this.giveUp.signal.aborted) onGiveUp();
    else this.giveUp.signal.addEventListener('abort', onGiveUp, { once: true });
    return {
      signal: controller.signal,
      clear: () => {
        clearTimeout(timer);
        this.giveUp.signal.removeEventListener('abort', onGiveUp);
      },
    };
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.givenUp) throw this.givenUp;
    const before = this.requestCount;
    try {
      return await fn();
    } catch (error) {
      // Stopped because another request found the host gone: its reason, not a timeout of our own.
      if (this.givenUp) throw this.givenUp;
      const described = describeRequestError(error, this.host, {
        authenticated: this.options.token !== undefined,
        attempts:
          (error !== null && typeof error === 'object' ? triesOf.get(error) : undefined) ?? this.requestCount - before,
        timeoutMs: this.lastTimeoutMs,
      });
      if (described instanceof GitHubUnavailable && lastsTheCommand(error)) {
        this.givenUp = described;
        this.giveUp.abort(described);
      }
      throw described;
    }
  }

  /**
   * undefined for a 404: no such repository, or a private one. Asked once per
   * repository and run: the resolver needs it for the rename, the network,
   * the default branch and reachability, each of which would ask again.
   */
  repository(id: RepoId): Promise<RepoInfo | undefined> {
    const key = `${id.owner}/${id.repo}`.toLowerCase();
    let answer = this.repositories.get(key);
    if (!answer) {
      answer = this.fetchRepository(id);
      // A failure is not remembered: the next caller gets its own try and its own error.
      answer.catch(() => this.repositories.delete(key));
      this.repositories.set(key, answer);
    }
    return answer;
  }

  private async fetchRepository(id: RepoId): Promise<RepoInfo | undefined> {
    const renameKey = `${this.host}/${id.owner}/${id.repo}`.toLowerCase();
    const renamedTo = this.options.cache?.renamed(renameKey);
    // A known rename goes straight to the new name, whose answer an ETag makes free.
    const [owner, repo] = (renamedTo ?? `${id.owner}/${id.repo}`).split('/') as [string, string];
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.repos.get({ owner, repo });
        json(data);
        if (data.full_name.toLowerCase() !== `${id.owner}/${id.repo}`.toLowerCase() && !renamedTo)
          this.options.cache?.setRenamed(renameKey, data.full_name);
        return {
          fullName: data.full_name,
          fork: data.fork,
          ...(data.parent ? { parent: data.parent.full_name } : {}),
          source: data.source?.full_name ?? data.full_name,
          defaultBranch: data.default_branch,
        };
      }),
    );
  }

  /** The full SHA GitHub resolves `ref` to (branch, tag or SHA); undefined when no commit matches. */
  async commitSha(id: RepoId, ref: string): Promise<string | undefined> {
    return this.call(() =>
      orUndefined([422, 404, 409], async () => {
        const { data } = await this.octokit.rest.repos.getCommit({
          owner: id.owner,
          repo: id.repo,
          ref,
          mediaType: { format: 'sha' },
        });
        const sha = String(data).trim();
        if (!/^[0-9a-f]{40}$/.test(sha)) throw new InvalidResponseError(`not a SHA: ${sha.slice(0, 50)}`);
        return sha;
      }),
    );
  }

  /** `heads/NAME` or `tags/NAME`; undefined when the ref does not exist. */
  async ref(
    id: RepoId,
    kind: 'heads' | 'tags',
    name: string,
  ): Promise<{ objectSha: string; type: string } | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.git.getRef({ owner: id.owner, repo: id.repo, ref: `${kind}/${name}` });
        json(data);
        // getRef falls back to a prefix match list on some servers; only an exact match counts.
        if (Array.isArray(data) || data.ref !== `refs/${kind}/${name}`) return undefined;
        return { objectSha: data.object.sha, type: data.object.type };
      }),
    );
  }

  /** `base...head` on `id`, either side `owner:ref` across the network; undefined when GitHub finds no such commits. */
  async compare(id: RepoId, base: string, head: string): Promise<Comparison | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({
          owner: id.owner,
          repo: id.repo,
          basehead: `${base}...${head}`,
          per_page: 100,
        });
        json(data);
        return {
          status: data.status,
          aheadBy: data.ahead_by,
          behindBy: data.behind_by,
          totalCommits: data.total_commits,
          mergeBase: data.merge_base_commit.sha,
          commits: data.commits.map((c) => ({
            sha: c.sha,
            subject: c.commit.message.split('\n')[0]!,
            parents: c.parents.length,
          })),
          htmlUrl: data.html_url,
        };
      }),
    );
  }

  /**
   * A commit's whole tree, as `git ls-tree -r -z --full-tree` prints it (what verify's cache keeps);
   * undefined when GitHub truncates it (over 100,000 entries) or does not have the commit.
   */
  async treeListing(id: RepoId, sha: string): Promise<string | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.git.getTree({
          owner: id.owner,
          repo: id.repo,
          tree_sha: sha,
          recursive: 'true',
        });
        json(data);
        if (data.truncated) return undefined;
        return (
          data.tree
            .filter((e) => e.type === 'blob' || e.type === 'commit')
            // Paths as git prints them, bytes kept: UTF-8 read as latin1, as the cache stores every listing.
            .map((e) => `${e.mode} ${e.type} ${e.sha}\t${Buffer.from(e.path!, 'utf8').toString('latin1')}\0`)
            .join('')
        );
      }),
    );
  }

  /** The names at the top of a commit's tree (one request, not recursive); undefined when GitHub lacks it. */
  async rootNames(id: RepoId, sha: string): Promise<string[] | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.git.getTree({ owner: id.owner, repo: id.repo, tree_sha: sha });
        json(data);
        return data.tree.map((entry) => entry.path!);
      }),
    );
  }

  /** A file's text at a commit; undefined when the commit has no such file. */
  async fileAt(id: RepoId, sha: string, file: string): Promise<string | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.repos.getContent({
          owner: id.owner,
          repo: id.repo,
          path: file,
          ref: sha,
          mediaType: { format: 'raw' },
        });
        return String(data);
      }),
    );
  }

  /** A pull request's state and head commit; undefined when the repository has no such pull request. */
  async pullRequest(id: RepoId, number: number): Promise<PullRequestInfo | undefined> {
    return this.call(() =>
      orUndefined([404], async () => {
        const { data } = await this.octokit.rest.pulls.get({ owner: id.owner, repo: id.repo, pull_number: number });
        json(data);
        return {
          state: data.merged ? 'merged' : data.state === 'closed' ? 'closed' : 'open',
          headSha: data.head.sha,
          ...(data.merge_commit_sha && data.merged ? { mergeCommit: data.merge_commit_sha } : {}),
        };
      }),
    );
  }

  async branches(id: RepoId): Promise<{ name: string; sha: string }[]> {
    return this.listRefs(id, this.octokit.rest.repos.listBranches);
  }

  async tags(id: RepoId): Promise<{ name: string; sha: string }[]> {
    return this.listRefs(id, this.octokit.rest.repos.listTags);
  }

  /** Every branch or tag, all pages, with the commit each points at. */
  private async listRefs(
    id: RepoId,
    endpoint: typeof this.octokit.rest.repos.listBranches | typeof this.octokit.rest.repos.listTags,
  ): Promise<{ name: string; sha: string }[]> {
    return this.call(async () => {
      const list: { name: string; commit: { sha: string } }[] = await this.octokit.paginate(endpoint, {
        owner: id.owner,
        repo: id.repo,
        per_page: 100,
      });
      list.forEach(json);
      return list.map((ref) => ({ name: ref.name, sha: ref.commit.sha }));
    });
  }

  /** A GraphQL query; partial data with errors is returned, not thrown, since a batch can have one missing repository. */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data: T | undefined; errors: { type?: string; path?: (string | number)[]; message: string }[] }> {
    return this.call(async () => {
      try {
        const data = await this.octokit.graphql<T>(query, variables);
        json(data);
        return { data, errors: [] };
      } catch (error) {
        const e = error as {
          name?: string;
          data?: T;
          errors?: { type?: string; path?: (string | number)[]; message: string }[];
        };
        if (e.name === 'GraphqlResponseError') {
          if (e.errors?.some((x) => x.type === 'RATE_LIMITED')) {
            throw Object.assign(new Error('rate limited'), {
              status: 403,
              response: { headers: { 'x-ratelimit-remaining': '0' }, data: { errors: e.errors } },
            });
          }
          return { data: e.data, errors: e.errors ?? [] };
        }
        throw error;
      }
    });
  }
}

/** Octokit hands back the raw text when a JSON body does not parse; a cut-off response must not pass for data. */
function json(data: unknown): void {
  if (data === null || typeof data !== 'object') throw new InvalidResponseError('the body is not a JSON object');
}

/**
 * `call`'s answer, or undefined when GitHub answers with one of `statuses`: for these endpoints a 404 (and
 * for a commit lookup, 422 or 409) means "no such thing", which callers treat as an answer, not a failure.
 */
async function orUndefined<T>(statuses: readonly number[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && statuses.includes(status)) return undefined;
    throw error;
  }
}
