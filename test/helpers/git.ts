import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Real git repositories for tests, built the way changesets' gitdir() does:
 * a hermetic environment (no user or system config), a pinned branch name,
 * and fixed, increasing dates, so that every SHA is the same on every run.
 */
export class GitWorld {
  private clock: number;
  readonly env: NodeJS.ProcessEnv;

  /**
   * A world in `root`. With `resume`, the world copied there from another (copyWorld): its config is
   * kept, and dates go on from the original's clock, so the copy's new commits are the original's.
   */
  constructor(
    readonly root: string,
    resume?: { clock: number },
  ) {
    this.clock = resume?.clock ?? 1_500_000_000;
    const globalConfig = path.join(root, 'gitconfig');
    if (!resume) {
      // An empty template: no sample hooks in every repository, which were most of a fixture's files.
      mkdirSync(path.join(root, 'git-template'), { recursive: true });
      writeFileSync(
        globalConfig,
        `[init]\n\tdefaultBranch = master\n\ttemplateDir = ${path.join(root, 'git-template')}\n[advice]\n\tdetachedHead = false\n[gc]\n\tauto = 0\n[commit]\n\tgpgSign = false\n`,
      );
    }
    this.env = {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_GLOBAL: globalConfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.com',
      GIT_COMMITTER_NAME: 'Test Committer',
      GIT_COMMITTER_EMAIL: 'committer@example.com',
      GIT_TERMINAL_PROMPT: '0',
    };
  }

  /** Where the dates of new commits stand: a copy of this world resumes from here. */
  get now(): number {
    return this.clock;
  }

  /** Adds lines to the hermetic global config, e.g. url.<local>.insteadOf rules. */
  config(...args: string[]): void {
    this.git(this.root, 'config', '--global', ...args);
  }

  git(cwd: string, ...args: string[]): string {
    this.clock += 60;
    return execFileSync('git', args, {
      cwd,
      env: { ...this.env, GIT_AUTHOR_DATE: `@${this.clock} +0000`, GIT_COMMITTER_DATE: `@${this.clock} +0000` },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  /** A working repository with one commit of `files`. */
  init(name: string, files: Record<string, string> = { 'README.md': `# ${name}\n` }): string {
    const dir = path.join(this.root, 'work', name);
    mkdirSync(dir, { recursive: true });
    this.git(dir, 'init', '-q');
    this.commit(dir, files, 'Initial commit');
    return dir;
  }

  /** Writes files (null deletes) and commits them; returns the new SHA. */
  commit(dir: string, files: Record<string, string | null>, message: string): string {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, name);
      if (content === null) {
        this.git(dir, 'rm', '-q', name);
        continue;
      }
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      this.git(dir, 'add', name);
    }
    this.git(dir, 'commit', '-q', '--allow-empty', '-m', message);
    return this.git(dir, 'rev-parse', 'HEAD');
  }

  /** A bare copy of a working repository, as a hosted remote. */
  bare(work: string, target: string): string {
    mkdirSync(path.dirname(target), { recursive: true });
    this.git(this.root, 'clone', '-q', '--bare', work, target);
    return target;
  }

  rev(dir: string, ref: string): string {
    return this.git(dir, 'rev-parse', `${ref}^{commit}`);
  }
}
