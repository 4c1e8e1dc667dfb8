import { UserError } from '../errors.js';

/** A repository on a GitHub host. */
export interface RepoId {
  /** `github.com`, or a GitHub Enterprise host. */
  host: string;
  owner: string;
  repo: string;
}

/** What a user typed after the import path: which repository, which ref. Either may be missing. */
export interface ForkSpec {
  repository?: RepoId & { gitSuffix: boolean };
  /** A file:// URL of a local mirror, only with --allow-file-urls: written as is, never resolved. */
  fileUrl?: string;
  ref?: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,99}$/;
// A host has a dot (github.com, ghe.example.com) or a port; a bare word is an owner.
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[A-Za-z0-9-]+:[0-9]{1,5})(?::[0-9]{1,5})?$/;

/** A full 40-digit commit id, the form vendor.conf pins and GitHub answers in. */
export const FULL_SHA = /^[0-9a-f]{40}$/;

export const fullName = (id: RepoId): string => `${id.owner}/${id.repo}`;

/** The inverse of fullName: `owner/repo` on `host`. */
export function repoId(host: string, name: string): RepoId {
  const [owner, repo] = name.split('/') as [string, string];
  return { host, owner, repo };
}

/** How the GitHub cache files a repository: host and name, case folded as GitHub does. */
export const repoKey = (id: RepoId): string => `${id.host}/${fullName(id).toLowerCase()}`;
export const sameRepo = (a: RepoId, b: RepoId): boolean =>
  a.host.toLowerCase() === b.host.toLowerCase() && fullName(a).toLowerCase() === fullName(b).toLowerCase();

/**
 * Parses the forms users type: `owner/repo@ref`, `owner/repo` (the fork's
 * default branch), `https://github.com/owner/repo(.git)@ref`, the same on a
 * GitHub Enterprise host, and `@ref` alone (keep the current repository).
 * Anything that could reach git as an option or a remote helper is refused.
 */
export function parseForkSpec(input: string, options: { allowFileUrls?: boolean } = {}): ForkSpec {
  const text = input.trim();
  if (text === '')
    throw new UserError('the fork spec is empty: write OWNER/REPO@REF, OWNER/REPO, a GitHub URL, or @REF');
  refuseUnsafe(text, 'fork spec', options);
  const file = /^(file:\/\/\/[^@\s]+)(?:@(.+))?$/.exec(text);
  if (file) {
    if (file[2] !== undefined) checkRef(file[2]);
    return { fileUrl: file[1]!, ...(file[2] !== undefined ? { ref: file[2] } : {}) };
  }
  if (/^[^/@:]+@[^/:]+:/.test(text)) {
    throw new UserError(
      `${text} is an scp-style SSH address: write https://HOST/OWNER/REPO instead (CI cannot clone over SSH without a key)`,
    );
  }
  // The ref starts at the first "@" in the path: refs may contain "/" (release/1.0), and a URL's user@ comes before the path.
  const scheme = text.indexOf('://');
  const pathStart = scheme === -1 ? 0 : text.indexOf('/', scheme + 3);
  const at = pathStart === -1 ? -1 : text.indexOf('@', pathStart);
  const hasRef = at !== -1;
  const repoPart = hasRef ? text.slice(0, at) : text;
  const ref = hasRef ? text.slice(at + 1) : undefined;
  if (ref !== undefined) checkRef(ref);
  if (repoPart === '') return { ref };
  return { repository: parseRepository(repoPart), ...(ref !== undefined ? { ref } : {}) };
}

/** A repository given as `owner/repo`, `host/owner/repo` or an https URL, with or without `.git`. */
export function parseRepository(
  text: string,
  options: { allowFileUrls?: boolean } = {},
): RepoId & { gitSuffix: boolean } {
  refuseUnsafe(text, 'repository', options);
  let host = 'github.com';
  let rest = text;
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]+@)?([^/]+)\/(.*)$/i.exec(text);
  if (url) {
    const scheme = url[1]!.toLowerCase();
    if (scheme !== 'https' && scheme !== 'http') {
      throw new UserError(
        `${text}: only https:// repository URLs are supported (git:// is dead on GitHub, and ssh needs keys CI does not have)`,
      );
    }
    host = url[2]!.toLowerCase();
    rest = url[3]!;
  } else {
    const parts = text.split('/');
    if (parts.length === 3) {
      host = parts[0]!.toLowerCase();
      rest = parts.slice(1).join('/');
    }
  }
  rest = rest.replace(/\/+$/, '');
  const gitSuffix = rest.endsWith('.git');
  if (gitSuffix) rest = rest.slice(0, -4);
  const [owner, repo, extra] = rest.split('/');
  if (!HOST.test(host) || !owner || !repo || extra !== undefined || !OWNER.test(owner) || !REPO.test(repo)) {
    throw new UserError(`${text}: not a repository; write OWNER/REPO or https://github.com/OWNER/REPO`);
  }
  return { host, owner, repo, gitSuffix };
}

/** The URL form written to vendor.conf's third field. */
export function repositoryUrl(id: RepoId, options: { gitSuffix?: boolean } = {}): string {
  return `https://${id.host}/${id.owner}/${id.repo}${options.gitSuffix ? '.git' : ''}`;
}

/**
 * A ref as `git check-ref-format` would allow it, or a SHA. Refuses a leading
 * `-`, which git would read as an option.
 */
export function checkRef(ref: string): void {
  const bad =
    ref === '' ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('@{') ||
    ref.includes('//') ||
    // Control characters, space and the characters git forbids in ref names.
    [...ref].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) === 0x7f || '~^:?*[\\#'.includes(char));
  if (bad) throw new UserError(`${JSON.stringify(ref)} is not a valid git ref: write a SHA, a tag or a branch name`);
}

function refuseUnsafe(text: string, what: string, options: { allowFileUrls?: boolean } = {}): void {
  if (text.startsWith('-')) {
    throw new UserError(`${what} ${JSON.stringify(text)} starts with "-", which git would read as an option: refused`);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(text)) {
    throw new UserError(
      `${what} ${JSON.stringify(text)} names a git remote helper ("::"), which can run commands: refused`,
    );
  }
  if (/^file:/i.test(text) && !options.allowFileUrls) {
    throw new UserError(
      `${what} ${JSON.stringify(text)} is a file URL: refused (pass --allow-file-urls for a local mirror)`,
    );
  }
}
