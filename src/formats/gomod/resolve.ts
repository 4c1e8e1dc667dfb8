import { UserError } from '../../errors.js';
import { NetworkMirror, type MirrorRef } from '../../git/network-mirror.js';
import {
  FULL_SHA,
  fullName,
  repoKey,
  repositoryUrl,
  sameRepo,
  type ForkSpec,
  type RepoId,
} from '../../resolve/fork-spec.js';
import type { Pin, Resolver } from '../../resolve/resolver.js';
import { UnreachableCommit } from '../../resolve/unreachable-commit.js';
import { downloadModule } from '../../go/go-command.js';
import { moduleVersionAt } from '../../go/module-version.js';
import { parseSemver, pseudoVersionCommit } from '../../manifest/pseudo-version.js';
import { moduleSubdirectory, repositoryRoot } from './core/module-entry.js';
import type { Entry } from '../../manifest/entry.js';

/** What resolving a module's pin needs from the editor: the module, its entry now, and go. */
export interface ModuleResolveContext {
  importPath: string;
  current: Entry | undefined;
  /** The module path the current replace points at, when it names another module (a fork's). */
  replacementPath?: string;
  go: string;
  env: NodeJS.ProcessEnv;
  offline?: boolean;
}

/**
 * A module's pin, the way go sees modules: resolved on GitHub or through git as for vendor.conf, and then
 *
 * - a spec that names upstream's repository under its new name (moby/swarmkit for github.com/docker/swarmkit)
 *   pins the module the file requires, not a fork called moby/swarmkit;
 * - a fork's module path keeps the module's place in its repository: for a vanity module in a subdirectory
 *   (example.org/proj/sub, whose repository is example.org/proj by its go-import tag), github.com/me/proj/sub;
 * - what GitHub and git cannot answer, go may: through GOPROXY (Athens, Artifactory, proxy.golang.org, a
 *   commit on no branch of the fork that the proxy or the host still serves), or, with --offline, from the
 *   module cache (GOPROXY=off). A commit go fetches is reachable for a module; that no branch of the fork
 *   holds it is a warning.
 */
export async function resolveModulePin(
  resolver: Resolver,
  spec: ForkSpec,
  context: ModuleResolveContext,
): Promise<Pin> {
  let pin: Pin;
  try {
    pin = await resolver.pin(context.importPath, spec, context.current);
  } catch (error) {
    if (!goMayAnswer(error, spec)) throw error;
    return pinThroughGo(resolver, spec, context, error as UserError);
  }
  pin = (await asRenamedUpstream(resolver, spec, pin, context)) ?? pin;
  const root = await importRootOf(resolver, context.importPath);
  return {
    ...pin,
    warnings: pin.warnings.map(inModuleTerms),
    modulePath:
      pin.repositoryUrl === null ? context.importPath : forkModulePath(context.importPath, pin.repository, root),
  };
}

/**
 * The fork's module path for a module: its repository in place of upstream's, and the same subdirectory
 * and major-version suffix (go refuses `github.com/me/lib2` for a /v2 module: "post-v0 module path"; and
 * `github.com/me/proj` for `example.org/proj/sub`: "module declares its path as: example.org/proj").
 */
export function forkModulePath(modulePath: string, fork: RepoId, root = repositoryRoot(modulePath)): string {
  return `${fork.host}/${fork.owner}/${fork.repo}${modulePath.slice(root.length)}`;
}

/**
 * The entry of a module in a subdirectory of a vanity repository with its tag as the repository names it
 * (`sub/v1.0.0` for example.org/proj/sub at v1.0.0), once go-import has told where the repository's root
 * is, as a fork's tags are (`github.com/me/proj/sub` keeps the layout): what the move drops is then judged
 * from the right commit. Entries the table already places, and pseudo-versions' commits, are kept as they are.
 */
export async function locateInRepository(
  resolver: Resolver,
  importPath: string,
  current: Entry | undefined,
): Promise<Entry | undefined> {
  if (!current || moduleSubdirectory(importPath)) return current;
  const subdirectory = subdirectoryOf(importPath, await importRootOf(resolver, importPath));
  if (!subdirectory || !parseSemver(current.ref)) return current;
  return { ...current, ref: `${subdirectory}/${current.ref}` };
}

/** Errors that say GitHub or git could not find the ref, or reach anyone; not a refusal the user asked for. */
function goMayAnswer(error: unknown, spec: ForkSpec): boolean {
  if (!(error instanceof UserError) || spec.fileUrl !== undefined || spec.ref === undefined) return false;
  return !/refused under --strict|is ambiguous in|is not a valid git ref/.test(error.message);
}

/** The import path of the module's repository root: go-import's prefix, else vendorfork's table. */
async function importRootOf(resolver: Resolver, importPath: string): Promise<string> {
  try {
    return await resolver.importRoot(importPath);
  } catch {
    return repositoryRoot(importPath);
  }
}

async function pinThroughGo(
  resolver: Resolver,
  spec: ForkSpec,
  context: ModuleResolveContext,
  cause: UserError,
): Promise<Pin> {
  const { importPath } = context;
  const named = await resolver.upstreamAsNamed(importPath).catch(() => undefined);
  const root = await importRootOf(resolver, importPath);
  const upstream = named ?? repositoryOfPath(root);
  const fork = spec.repository && !sameRepo(spec.repository, upstream) ? spec.repository : undefined;
  const modulePath = fork
    ? forkModulePath(importPath, fork, root)
    : spec.repository
      ? importPath
      : (context.replacementPath ?? importPath);
  const unreachable = cause instanceof UnreachableCommit ? cause : undefined;
  const query = unreachable?.sha ?? tagQuery(spec.ref!, importPath, root);
  const shown = `${modulePath}@${FULL_SHA.test(query) ? query.slice(0, 12) : query}`;
  const download = (version: string) =>
    downloadModule(context.go, modulePath, version, {
      env: context.env,
      ...(context.offline ? { offline: true } : {}),
    });
  let downloaded: Awaited<ReturnType<typeof downloadModule>>;
  let asked = shown;
  try {
    downloaded = await download(query);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // A proxy may serve versions it holds and refuse to look a commit up (proxy.golang.org answers 403 when
    // it cannot reach the repository itself): ask for the commit's version, computed as go computes it.
    const version = unreachable
      ? await versionInMirror(upstream, unreachable, modulePath, subdirectoryOf(importPath, root), context.env)
      : undefined;
    const retried = version ? await download(version).catch(() => undefined) : undefined;
    if (!retried) {
      const goSays = error.message.replace(/^go cannot download [^:]*: /, '');
      if (unreachable)
        throw new UserError(
          `${unreachable.sha.slice(0, 12)} is on no branch or tag of ${fullName(unreachable.repository)} (a deleted or force-pushed branch?), and go cannot download ${shown} either (${goSays}): push a branch or tag that holds it`,
        );
      throw new UserError(`${cause.message}; go cannot resolve ${shown} either (${goSays})`);
    }
    downloaded = retried;
    asked = `${modulePath}@${version!}`;
  }
  const repository = fork ?? (modulePath === importPath ? upstream : repositoryOfPath(repositoryRoot(modulePath)));
  const sha = downloaded.commit ?? unreachable?.sha;
  const how = context.offline ? 'from the module cache (GOPROXY=off)' : 'through GOPROXY';
  return {
    importPath,
    upstream,
    repository,
    repositoryUrl: modulePath === importPath ? null : repositoryUrl(repository),
    ref: downloaded.version,
    ...(sha ? { sha } : {}),
    kind: pseudoVersionCommit(downloaded.version) ? 'sha' : 'tag',
    modulePath,
    via: 'go',
    warnings: unreachable
      ? [
          `${unreachable.sha.slice(0, 12)} is on no branch or tag of ${fullName(unreachable.repository)} (a deleted or force-pushed branch?): go fetches it today (go mod download ${asked}, ${how}), but a proxy that never cached it, or a fetch straight from the repository, may not; push a branch or tag that holds it`,
        ]
      : [],
    notes: unreachable
      ? []
      : [
          `GitHub and git could not resolve ${spec.ref} (${firstLine(cause.message)}); go did: go mod download ${shown}, ${how}`,
        ],
  };
}

/**
 * With git alone, a spec that names upstream's repository under its new name looks like a fork of it:
 * both share history. A renamed repository answers with the very same branches and tags under both names
 * (GitHub redirects the old one), which a fork, with branches of its own, does not. Then the module the
 * file requires is pinned, not a module path of that name. GitHub's API tells renames itself.
 */
async function asRenamedUpstream(
  resolver: Resolver,
  spec: ForkSpec,
  pin: Pin,
  context: ModuleResolveContext,
): Promise<Pin | undefined> {
  if (!spec.repository || pin.repositoryUrl === null || pin.via === 'github' || context.offline) return undefined;
  const upstream = await resolver.upstreamAsNamed(context.importPath);
  if (sameRepo(upstream, pin.repository)) return undefined;
  const mirror = NetworkMirror.of(repoKey(upstream), context.env);
  const listing = async (url: string) => {
    const remote = await mirror.lsRemote(url);
    return JSON.stringify([remote.defaultBranch, [...remote.refs].sort(byName)]);
  };
  try {
    if ((await listing(repositoryUrl(upstream))) !== (await listing(repositoryUrl(pin.repository)))) return undefined;
  } catch {
    return undefined;
  }
  return {
    ...pin,
    repository: upstream,
    repositoryUrl: null,
    warnings: pin.warnings.filter((w) => !w.includes('so it is not a fork of it')),
    notes: [
      ...(pin.notes ?? []),
      `${fullName(pin.repository)} answers with the branches and tags of ${fullName(upstream)}: the same repository under a new name, so the pin stays on ${context.importPath}, the module the file requires`,
    ],
  };
}

/** A warning of the vendor.conf path in go's terms: a module file records a version, never a branch. */
function inModuleTerms(warning: string): string {
  const kept =
    /^(.*) is a branch of (\S+); kept as a branch \(--keep-ref\), so every vndr run may vendor something else$/.exec(
      warning,
    );
  return kept
    ? `${kept[1]} is a branch of ${kept[2]}, and a module file records a version, not a branch: --keep-ref has no effect, the version of its current commit is written`
    : warning;
}

const byName = (a: MirrorRef, b: MirrorRef) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The version go gives the unreachable commit, from git's copy of the network when it has the commit. */
async function versionInMirror(
  upstream: RepoId,
  unreachable: UnreachableCommit,
  modulePath: string,
  subdirectory: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const mirror = NetworkMirror.of(repoKey(upstream), env);
  if (!mirror.exists || !(await mirror.hasCommit(unreachable.sha))) return undefined;
  const fork = { url: repositoryUrl(unreachable.repository), key: repoKey(unreachable.repository) };
  return moduleVersionAt(mirror, fork, unreachable.sha, modulePath, subdirectory || undefined);
}

/** The module's directory in its repository, without the /vN suffix; '' at the root. */
const subdirectoryOf = (importPath: string, root: string) =>
  importPath
    .slice(root.length)
    .replace(/\/v[2-9]\d*$/, '')
    .replace(/^\//, '');

/** A tag as go takes it for this module: without the subdirectory prefix a nested module's tags carry. */
function tagQuery(ref: string, importPath: string, root: string): string {
  const subdirectory = subdirectoryOf(importPath, root);
  return subdirectory && ref.startsWith(`${subdirectory}/`) ? ref.slice(subdirectory.length + 1) : ref;
}

/** A repository named by its import path, for the report: host, then the rest. */
function repositoryOfPath(root: string): RepoId {
  const [host = root, owner = '', ...rest] = root.split('/');
  return { host, owner, repo: rest.join('/') };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/[.:;]\s*$/, '');
}
