import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { cacheDir } from '../fs/cache-dir.js';
import { describeGitFailure, git } from './plumbing.js';

/** How long a remote may send nothing before git gives up on it. */
const SILENT_REMOTE_SECONDS = 20;

/** A repository as git reaches it: its URL, and the name its refs are kept under in the mirror. */
export interface MirroredRepository {
  url: string;
  /** host/owner/repo: names the refs namespace, refs/vendorfork/HOST_OWNER_REPO/heads/* and tags/*. */
  key: string;
}

export interface MirrorRef {
  /** `heads/NAME` or `tags/NAME`, as the repository names it. */
  name: string;
  /** The commit it points at (a tag peeled). */
  commit: string;
}

/**
 * One bare repository per fork network, in the cache directory, into which the upstream and each fork are
 * fetched under refs of their own: any commit of the network is then one object store away, as on
 * GitHub, while each repository's branches and tags stay apart, so "is it on a branch of the fork" has a
 * git answer. Kept between runs: the next fetch is incremental, and --offline reads what is there.
 *
 * Every argument from outside (URLs, refs, SHAs) comes after `--` or `--end-of-options`, and was checked
 * by fork-spec before it got here.
 */
export class NetworkMirror {
  private constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The mirror of the network an upstream repository heads, e.g. github.com/moby/swarmkit. */
  static of(upstreamKey: string, env: NodeJS.ProcessEnv): NetworkMirror {
    const name = upstreamKey.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
    return new NetworkMirror(path.join(cacheDir(env), 'networks', `${name}.git`), env);
  }

  get exists(): boolean {
    return existsSync(path.join(this.dir, 'HEAD'));
  }

  /** When a fetch last brought something in (git rewrites FETCH_HEAD each time); undefined if never. */
  get lastFetched(): Date | undefined {
    for (const file of ['FETCH_HEAD', 'HEAD']) {
      try {
        return statSync(path.join(this.dir, file)).mtime;
      } catch {
        // not there: try the next
      }
    }
    return undefined;
  }

  private async run(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
    return git(this.dir, args, this.env);
  }

  /**
   * A git command that talks to a remote, with a deadline: a server that accepts and then sends nothing
   * for 20 s is given up on (curl's low-speed limit; git has no timeout of its own), so the fallback from a
   * silent API cannot hang on a silent git host.
   */
  private async remote(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
    return this.run(['-c', 'http.lowSpeedLimit=1', '-c', `http.lowSpeedTime=${SILENT_REMOTE_SECONDS}`, ...args]);
  }

  /** One ref component per repository, whatever its key holds (a file:// mirror's path, say). */
  private refs(repository: MirroredRepository): string {
    return `refs/vendorfork/${repository.key.toLowerCase().replace(/[^a-z0-9._-]+/g, '_')}`;
  }

  /** Makes the bare repository, the first time. */
  private async ensure(): Promise<void> {
    if (this.exists) return;
    await mkdir(this.dir, { recursive: true });
    const made = await git(this.dir, ['init', '--quiet', '--bare'], this.env);
    if (!made.ok) throw new Error(`git init --bare ${this.dir} failed: ${made.stderr.trim()}`);
  }

  /** Brings the repository's branches and tags into the mirror (branches deleted there are deleted here). */
  async fetch(repository: MirroredRepository): Promise<void> {
    await this.ensure();
    const prefix = this.refs(repository);
    const fetched = await this.remote([
      'fetch',
      '--quiet',
      '--prune',
      '--no-tags',
      '--',
      repository.url,
      `+refs/heads/*:${prefix}/heads/*`,
      `+refs/tags/*:${prefix}/tags/*`,
    ]);
    if (!fetched.ok) throw new UserError(describeGitFailure('fetch', repository.url, fetched.stderr).error);
  }

  /**
   * A pull request's head commit, as GitHub serves it under refs/pull/NUMBER/head (never a branch, so
   * `fetch` leaves it out): fetched unless offline, then read from the mirror. Undefined when the server
   * has no such ref (not GitHub, or no such pull request) and no earlier run kept it.
   */
  async pullHead(
    repository: MirroredRepository,
    number: number,
    options: { offline: boolean },
  ): Promise<string | undefined> {
    const ref = `${this.refs(repository)}/pull/${number}/head`;
    if (!options.offline) {
      await this.ensure();
      await this.run(['fetch', '--quiet', '--no-tags', '--', repository.url, `+refs/pull/${number}/head:${ref}`]);
    }
    if (!this.exists) return undefined;
    const found = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    return found.ok ? found.stdout.trim() : undefined;
  }

  /** The repository's branches and tags as the mirror last fetched them. */
  async listRefs(repository: MirroredRepository): Promise<MirrorRef[]> {
    const prefix = this.refs(repository);
    const listed = await this.run([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(*objectname)',
      `${prefix}/heads/`,
      `${prefix}/tags/`,
    ]);
    if (!listed.ok) return [];
    return listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, object, peeled] = line.split('\0') as [string, string, string];
        return { name: ref.slice(prefix.length + 1), commit: peeled || object };
      });
  }

  /** The branch HEAD names on the remote, and every branch and tag with its commit, without fetching. */
  async lsRemote(url: string): Promise<{ defaultBranch?: string; refs: MirrorRef[] }> {
    await this.ensure();
    const listed = await this.remote(['ls-remote', '--symref', '--', url, 'HEAD', 'refs/heads/*', 'refs/tags/*']);
    if (!listed.ok) throw new UserError(describeGitFailure('ls-remote', url, listed.stderr).error);
    let defaultBranch: string | undefined;
    const refs = new Map<string, string>();
    for (const line of listed.stdout.split('\n').filter(Boolean)) {
      const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
      if (symref) {
        defaultBranch = symref[1];
        continue;
      }
      const [sha, ref] = line.split('\t') as [string, string];
      if (!ref?.startsWith('refs/')) continue;
      // An annotated tag comes twice: the tag object, then NAME^{} with its commit, which wins.
      const name = ref.slice('refs/'.length).replace(/\^\{\}$/, '');
      if (ref.endsWith('^{}') || !refs.has(name)) refs.set(name, sha);
    }
    return { ...(defaultBranch ? { defaultBranch } : {}), refs: [...refs].map(([name, commit]) => ({ name, commit })) };
  }

  /** Fetches one commit by id: GitHub serves any commit of the network; other servers may refuse. */
  async fetchCommit(url: string, sha: string): Promise<boolean> {
    return (await this.remote(['fetch', '--quiet', '--no-tags', '--', url, sha])).ok;
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.run(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`])).ok;
  }

  /** Every commit of the mirror whose id starts with `prefix` (git's own lookup, all objects, kept to commits). */
  async commitsStartingWith(prefix: string): Promise<string[]> {
    const found = await this.run(['rev-parse', `--disambiguate=${prefix}`]);
    const candidates = found.ok ? found.stdout.split('\n').filter(Boolean) : [];
    if (candidates.length === 0) return [];
    // Usually one or two: a process each is cheaper than a batch's plumbing.
    const types = await Promise.all(candidates.map((id) => this.run(['cat-file', '-t', id])));
    return candidates.filter((_, i) => types[i]!.stdout.trim() === 'commit').sort();
  }

  /** Branches and tags of the repository that contain the commit, default branch first. */
  async containing(repository: MirroredRepository, sha: string, defaultBranch?: string): Promise<string[]> {
    const prefix = this.refs(repository);
    const listed = await this.run([
      'for-each-ref',
      '--format=%(refname)',
      `--contains=${sha}`,
      `${prefix}/heads/`,
      `${prefix}/tags/`,
    ]);
    if (!listed.ok) return [];
    const names = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((ref) => ref.slice(prefix.length + 1));
    const first = defaultBranch ? `heads/${defaultBranch}` : undefined;
    return names.sort((a, b) => Number(b === first) - Number(a === first));
  }

  /** A commit `commit` shares with any of `others`, if any: that two repositories are one network. */
  async mergeBase(commit: string, others: string[]): Promise<string | undefined> {
    // With more than two commits git finds the best common ancestor of the first and a merge of the rest.
    const found = await this.run(['merge-base', '--end-of-options', commit, ...others]);
    return found.ok ? found.stdout.trim() : undefined;
  }

  /** Each commit's subject line, by id. */
  async subjects(shas: string[]): Promise<Map<string, string>> {
    const listed = await this.run(['log', '--no-walk=unsorted', '--format=%H%x00%s', '--end-of-options', ...shas]);
    const subjects = new Map<string, string>();
    for (const line of listed.ok ? listed.stdout.split('\n') : []) {
      const [sha, subject] = line.split('\0');
      if (sha && subject !== undefined) subjects.set(sha, subject);
    }
    return subjects;
  }

  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    return (await this.run(['merge-base', '--is-ancestor', '--end-of-options', ancestor, of])).ok;
  }

  /** `%H%x00%P%x00%s` of each commit `from` has and `to` lacks (git log to..from), newest first. */
  async commitsMissing(from: string, to: string): Promise<{ sha: string; parents: number; subject: string }[]> {
    const listed = await this.run(['log', '--format=%H%x00%P%x00%s%x00', '--end-of-options', `${to}..${from}`]);
    if (!listed.ok) return [];
    const fields = listed.stdout.split('\0');
    const commits: { sha: string; parents: number; subject: string }[] = [];
    for (let i = 0; i + 2 < fields.length; i += 3) {
      commits.push({
        sha: fields[i]!.trim(),
        parents: fields[i + 1]!.split(' ').filter(Boolean).length,
        subject: fields[i + 2]!,
      });
    }
    return commits;
  }

  /** The repository's tags that point at the commit, and those reachable from it (go's RecentTag asks the same). */
  async tagsOf(repository: MirroredRepository, sha: string): Promise<{ at: string[]; reachable: string[] }> {
    const prefix = `${this.refs(repository)}/tags/`;
    const [at, merged] = await Promise.all([
      this.run(['for-each-ref', '--format=%(refname)', `--points-at=${sha}`, prefix]),
      this.run(['for-each-ref', '--format=%(refname)', `--merged=${sha}`, prefix]),
    ]);
    const names = (out: { ok: boolean; stdout: string }) =>
      out.ok
        ? out.stdout
            .split('\n')
            .filter(Boolean)
            .map((ref) => ref.slice(prefix.length))
        : [];
    // --points-at matches an annotated tag by the commit it peels to, as go does.
    return { at: names(at), reachable: names(merged) };
  }

  /** The committer time of a commit, in seconds since the epoch. */
  async committed(sha: string): Promise<number | undefined> {
    const shown = await this.run(['log', '-1', '--format=%ct', '--end-of-options', sha]);
    return shown.ok ? Number(shown.stdout.trim()) : undefined;
  }

  /** `git ls-tree -r -z --full-tree` of a commit, when the mirror has it. */
  async treeListing(sha: string): Promise<string | undefined> {
    const listed = await this.run(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', sha]);
    return listed.ok ? listed.stdout : undefined;
  }

  /** A file's bytes at a commit, when the mirror has it. */
  async show(sha: string, file: string): Promise<string | undefined> {
    const found = await this.run(['cat-file', 'blob', '--end-of-options', `${sha}:${file}`]);
    return found.ok ? found.stdout : undefined;
  }
}
