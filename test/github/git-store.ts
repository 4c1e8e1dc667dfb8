import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Git answers for the fake GitHub. Each hosted repository is a real bare
 * repository; each fork network also gets an empty bare repository whose
 * alternates are every member's object store. Like GitHub, any commit of a
 * network can then be read through any of its repositories, including a
 * commit left only on a deleted branch, while refs stay per repository.
 */
export class GitStore {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  static async network(dir: string, members: string[], env: NodeJS.ProcessEnv): Promise<string> {
    mkdirSync(dir, { recursive: true });
    await run('git', ['init', '-q', '--bare', dir], { env });
    writeFileSync(
      path.join(dir, 'objects/info/alternates'),
      members.map((m) => path.join(m, 'objects')).join('\n') + '\n',
    );
    return dir;
  }

  async git(dir: string, ...args: string[]): Promise<string | undefined> {
    try {
      const { stdout } = await run('git', args, { cwd: dir, env: this.env, maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    } catch {
      return undefined;
    }
  }

  /** Every entry of a commit's tree, recursively (trees included, as GitHub's recursive tree lists them). */
  async tree(
    dir: string,
    sha: string,
    recursive = true,
  ): Promise<{ mode: string; type: string; sha: string; path: string }[] | undefined> {
    try {
      const { stdout } = await run('git', ['ls-tree', ...(recursive ? ['-r', '-t'] : []), '-z', '--full-tree', sha], {
        cwd: dir,
        env: this.env,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout
        .split('\0')
        .filter(Boolean)
        .map((line) => {
          const tab = line.indexOf('\t');
          const [mode, type, object] = line.slice(0, tab).split(' ') as [string, string, string];
          return { mode, type, sha: object, path: line.slice(tab + 1) };
        });
    } catch {
      return undefined;
    }
  }

  /** A file's bytes at a commit, untrimmed; undefined when missing. */
  async blob(dir: string, sha: string, file: string): Promise<string | undefined> {
    try {
      const { stdout } = await run('git', ['cat-file', 'blob', `${sha}:${file}`], { cwd: dir, env: this.env });
      return stdout;
    } catch {
      return undefined;
    }
  }

  /** The full SHA of a commit-ish as git rev-parse sees it; undefined when missing or ambiguous. */
  async commit(dir: string, expression: string): Promise<string | undefined> {
    if (expression.startsWith('-')) return undefined;
    return this.git(dir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${expression}^{commit}`);
  }

  async objectType(dir: string, sha: string): Promise<string | undefined> {
    return this.git(dir, 'cat-file', '-t', sha);
  }

  async refs(
    dir: string,
    prefix: 'refs/heads/' | 'refs/tags/',
  ): Promise<{ name: string; sha: string; object: string; type: string; date: number }[]> {
    const out = await this.git(
      dir,
      'for-each-ref',
      '--sort=refname',
      '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(committerdate:unix)%00%(*committerdate:unix)',
      prefix,
    );
    if (!out) return [];
    return out.split('\n').map((line) => {
      const [ref, object, type, peeled, date, peeledDate] = line.split('\0') as string[];
      return {
        name: ref!.slice(prefix.length),
        object: object!,
        type: type!,
        sha: peeled || object!,
        date: Number(peeledDate || date),
      };
    });
  }

  async ref(dir: string, qualified: string): Promise<{ object: string; type: string; sha: string } | undefined> {
    const object = await this.git(dir, 'rev-parse', '--verify', '--quiet', qualified);
    if (!object) return undefined;
    const type = (await this.objectType(dir, object)) ?? 'commit';
    return { object, type, sha: (await this.commit(dir, object)) ?? object };
  }

  async mergeBase(dir: string, a: string, b: string): Promise<string | undefined> {
    return this.git(dir, 'merge-base', a, b);
  }

  async count(dir: string, range: string): Promise<number> {
    return Number((await this.git(dir, 'rev-list', '--count', range)) ?? '0');
  }

  async log(dir: string, range: string, limit: number): Promise<CommitInfo[]> {
    const out = await this.git(
      dir,
      'log',
      '--reverse',
      `--max-count=${limit}`,
      '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%T%x00%B%x01',
      range,
    );
    return parseLog(out);
  }

  async show(dir: string, sha: string): Promise<CommitInfo | undefined> {
    const out = await this.git(
      dir,
      'log',
      '-1',
      '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%T%x00%B%x01',
      sha,
    );
    return parseLog(out)[0];
  }
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  tree: string;
  message: string;
}

function parseLog(out: string | undefined): CommitInfo[] {
  if (!out) return [];
  return out
    .split('\x01')
    .map((chunk) => chunk.replace(/^\n/, ''))
    .filter(Boolean)
    .map((chunk) => {
      const [sha, parents, an, ae, ad, cn, ce, cd, tree, message] = chunk.split('\0') as string[];
      return {
        sha: sha!,
        parents: parents ? parents.split(' ') : [],
        author: { name: an!, email: ae!, date: ad! },
        committer: { name: cn!, email: ce!, date: cd! },
        tree: tree!,
        message: (message ?? '').trimEnd(),
      };
    });
}
