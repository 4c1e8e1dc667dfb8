import type { GitHubClient } from '../github/client.js';
import type { MirroredRepository, NetworkMirror } from '../git/network-mirror.js';
import { UserError } from '../errors.js';
import { plural } from '../text/plural.js';
import { FULL_SHA, repoKey, sameRepo, type RepoId } from './fork-spec.js';
import { isFound, lookUpRef, mirrorRefs } from './ref-lookup.js';
import {
  MODULE_FILES,
  type DependencyFiles,
  type DependencyFork,
  type ModuleFileName,
} from '../manifest/dependency-fork.js';

/** One end of a move: the repository an entry clones, and the ref it pins. */
export interface PinSide {
  repository: RepoId;
  url: string;
  ref: string;
  /** The commit, when already known. */
  sha?: string;
}

export interface DroppedCommits {
  /** The current pin, and the new one. */
  from: string;
  to: string;
  /** How many commits the current pin has that the new one lacks. */
  count: number;
  /** Up to five of them, merges first. */
  commits: { sha: string; subject: string; merge: boolean }[];
}

/** A dependency of the dependency whose pin differs between the two ends, and that the project pins too. */
export interface PinDrift {
  importPath: string;
  /** What the dependency's file pins at the current pin and at the new one; undefined when it pins nothing. */
  old?: string;
  new?: string;
  /** What the project's own file pins. */
  project: string;
  /** The dependency's file it was read from, at the new pin (else the old). */
  file: string;
}

export interface MoveAssessment {
  /** The current pin's commit (when it could be found), and the new one's. */
  from?: string;
  to: string;
  dropped?: DroppedCommits;
  drift: PinDrift[];
  /**
   * The fork pins of the dependency's own files at the new pin: its module file's replaces (go.mod, else
   * vendor.mod) and its vendor.conf's third fields, when it has any. Nobody outside the dependency reads them.
   */
  dependencyForks?: DependencyFork[];
  /** Where the answers came from. */
  source: 'github' | 'git';
}

/** What a move is judged from: GitHub's API, or git's copy of the network. */
export interface HistorySource {
  readonly name: 'github' | 'git';
  commitOf(side: PinSide): Promise<string | undefined>;
  /** Commits `from` has that `to` lacks, newest first where known; undefined when they share no history. */
  missing(
    from: PinSide & { sha: string },
    to: PinSide & { sha: string },
  ): Promise<{ count: number; commits: { sha: string; subject: string; parents: number }[] } | undefined>;
  /** The first of `names` (a dependency's vendoring files, in the order they are read) the commit has at its top, with its text. */
  vendoringFile(
    side: PinSide & { sha: string },
    names: readonly string[],
  ): Promise<{ file: string; text: string } | undefined>;
  /** Its module file, found as a project's own is: go.mod, else vendor.mod. */
  moduleFile(side: PinSide & { sha: string }): Promise<{ file: ModuleFileName; text: string } | undefined>;
}

/** GitHub's answers: a cross-fork compare (owner:new...old), a top-level tree listing, and the contents API. */
export function githubHistory(client: GitHubClient): HistorySource {
  // One listing of a commit's top, and one request for each file, serve both files asked of it.
  const listings = new Map<string, Promise<Set<string>>>();
  const contents = new Map<string, Promise<string | undefined>>();
  const rootNames = (side: PinSide & { sha: string }) => {
    const key = `${repoKey(side.repository)}@${side.sha}`;
    if (!listings.has(key))
      listings.set(
        key,
        client.rootNames(side.repository, side.sha).then((names) => new Set(names)),
      );
    return listings.get(key)!;
  };
  const firstOf = async <F extends string>(side: PinSide & { sha: string }, files: readonly F[]) => {
    const names = await rootNames(side);
    const file = files.find((name) => names.has(name));
    if (!file) return undefined;
    // A go.mod that is both the vendoring file and the module file is asked for once.
    const key = `${repoKey(side.repository)}@${side.sha}:${file}`;
    if (!contents.has(key)) contents.set(key, client.fileAt(side.repository, side.sha, file));
    const text = await contents.get(key)!;
    return text !== undefined ? { file, text } : undefined;
  };
  return {
    name: 'github',
    commitOf: async (side) => (FULL_SHA.test(side.ref) ? side.ref : client.commitSha(side.repository, side.ref)),
    missing: async (from, to) => {
      // On the old side's repository, the new side as OWNER:SHA: the form GitHub's compare view uses across a
      // network (the old side may be an upstream known by an older name, which GitHub redirects).
      const base = sameRepo(from.repository, to.repository) ? to.sha : `${to.repository.owner}:${to.sha}`;
      const comparison = await client.compare(from.repository, base, from.sha);
      if (!comparison) return undefined;
      // GitHub lists them oldest first.
      return { count: comparison.aheadBy, commits: [...comparison.commits].reverse() };
    },
    // One listing of the top of the tree says which file is there; then one request for it. Asking for each
    // of the four in turn would cost up to eight requests a move, of sixty an hour without a token.
    vendoringFile: (side, names) => firstOf(side, names),
    moduleFile: (side) => firstOf(side, MODULE_FILES),
  };
}

/** git's answers, from the network's mirror: fetched first unless offline. */
export function gitHistory(mirror: NetworkMirror, options: { offline: boolean }): HistorySource {
  const fetched = new Set<string>();
  const repository = (side: PinSide): MirroredRepository => ({ url: side.url, key: repoKey(side.repository) });
  const ensure = async (side: PinSide) => {
    const key = repoKey(side.repository);
    if (options.offline || fetched.has(key)) return;
    fetched.add(key);
    await mirror.fetch(repository(side));
  };
  return {
    name: 'git',
    commitOf: async (side) => {
      await ensure(side);
      if (FULL_SHA.test(side.ref)) {
        if (!(await mirror.hasCommit(side.ref)) && !options.offline) await mirror.fetchCommit(side.url, side.ref);
        return (await mirror.hasCommit(side.ref)) ? side.ref : undefined;
      }
      // Read as the resolver reads a ref (ref-lookup.ts); an ambiguous one cannot be judged, so it is not.
      const refs = await mirror.listRefs(repository(side));
      const answer = await lookUpRef(mirrorRefs(mirror, refs, side.url), side.ref);
      return isFound(answer) ? answer.sha : undefined;
    },
    missing: async (from, to) => {
      await Promise.all([ensure(from), ensure(to)]);
      if (!(await mirror.mergeBase(from.sha, [to.sha]))) return undefined;
      const commits = await mirror.commitsMissing(from.sha, to.sha);
      return { count: commits.length, commits };
    },
    vendoringFile: (side, names) => firstShown(mirror, side.sha, names),
    moduleFile: (side) => firstShown(mirror, side.sha, MODULE_FILES),
  };
}

async function firstShown<F extends string>(
  mirror: NetworkMirror,
  sha: string,
  files: readonly F[],
): Promise<{ file: F; text: string } | undefined> {
  for (const file of files) {
    const text = await mirror.show(sha, file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/**
 * What moving an entry from `from` to `to` drops and changes underneath: the commits the current pin has
 * and the new one lacks, and the dependency's own pins (its vendor.conf, else Gopkg.lock, glide.lock or
 * go.mod) that differ between the two and that the project pins too. An entry both ends agree on is not
 * reported, so the list stays short on real trees.
 */
export async function assessMove(
  source: HistorySource,
  from: PinSide,
  target: PinSide,
  projectPins: Map<string, string>,
  files: DependencyFiles,
): Promise<MoveAssessment | undefined> {
  const toSha = target.sha ?? (await source.commitOf(target));
  if (!toSha) return undefined;
  const to = { ...target, sha: toSha };
  const assessment: MoveAssessment = { to: to.sha, drift: [], source: source.name };
  const fromSha = from.sha ?? (await source.commitOf(from));
  if (!fromSha) return assessment;
  assessment.from = fromSha;
  if (fromSha === to.sha) return assessment;
  const old = { ...from, sha: fromSha };
  const [missing, oldFile, newFile, moduleFile] = await Promise.all([
    source.missing(old, to),
    source.vendoringFile(old, files.names),
    source.vendoringFile(to, files.names),
    source.moduleFile(to),
  ]);
  const forks = [
    ...(moduleFile ? files.forks(moduleFile.file, moduleFile.text) : []),
    ...(newFile?.file === 'vendor.conf' ? files.forks('vendor.conf', newFile.text) : []),
  ];
  if (forks.length > 0) assessment.dependencyForks = forks;
  if (missing && missing.count > 0) {
    const ordered = [...missing.commits].sort((a, b) => Number(b.parents > 1) - Number(a.parents > 1));
    assessment.dropped = {
      from: fromSha,
      to: to.sha,
      count: missing.count,
      commits: ordered.slice(0, 5).map((c) => ({ sha: c.sha, subject: c.subject, merge: c.parents > 1 })),
    };
  }
  const file = newFile?.file ?? oldFile?.file;
  if (file) {
    const oldPins = oldFile ? files.pins(oldFile.file, oldFile.text) : new Map<string, string>();
    const newPins = newFile ? files.pins(newFile.file, newFile.text) : new Map<string, string>();
    for (const importPath of new Set([...oldPins.keys(), ...newPins.keys()])) {
      const [was, now, project] = [oldPins.get(importPath), newPins.get(importPath), projectPins.get(importPath)];
      if (was === now || project === undefined) continue;
      assessment.drift.push({
        importPath,
        ...(was !== undefined ? { old: was } : {}),
        ...(now !== undefined ? { new: now } : {}),
        project,
        file,
      });
    }
    assessment.drift.sort((a, b) => (a.importPath < b.importPath ? -1 : 1));
  }
  return assessment;
}

const short = (sha: string) => sha.slice(0, 7);

/** The warning for dropped commits: how many, then up to five subjects, merges first, and what to do. */
export function describeDropped(dropped: DroppedCommits): string {
  return `${short(dropped.to)} lacks ${plural(dropped.count, 'commit')} of the current pin ${short(dropped.from)}: ${droppedSubjects(dropped)}; moving reverts ${dropped.count === 1 ? 'it' : 'them'}. Rebase the fork onto ${short(dropped.from)}, or accept with --allow-drop`;
}

/** Up to five subjects, merges first, and "…" when there are more. */
export function droppedSubjects(dropped: DroppedCommits): string {
  return `${dropped.commits.map((c) => c.subject).join(', ')}${dropped.count > dropped.commits.length ? ', …' : ''}`;
}

/** The warning for one drifted pin, in the words of the project's own file. */
export function describeDrift(dependency: string, move: MoveAssessment, drift: PinDrift, confName: string): string {
  const name = dependency.split('/').pop();
  const built = drift.new === undefined ? `without ${drift.importPath}` : `with ${drift.importPath} ${drift.new}`;
  const was = drift.old ?? 'not pinned';
  return `${name} at ${short(move.to)} was built ${built} (${was} at ${short(move.from ?? '')}); your ${confName} pins ${drift.project}`;
}

/**
 * What the user is told about a move: dropped commits and pins that move away from the project's are
 * warnings (errors under --strict, the drop accepted by --allow-drop); a pin that moves to what the project
 * already pins is the fix, not the hazard, and only a note. Throws the refusal under --strict.
 */
export function judgeMove(
  importPath: string,
  move: MoveAssessment | undefined,
  options: { strict?: boolean; allowDrop?: boolean; confName?: string; projectForks?: ProjectForks },
): { warnings: string[]; notes: string[]; ignoredForks: DependencyFork[] } {
  const judged = { warnings: [] as string[], notes: [] as string[], ignoredForks: [] as DependencyFork[] };
  if (!move) return judged;
  if (options.projectForks) {
    judged.ignoredForks = ignoredForks(move, options.projectForks);
    for (const fork of judged.ignoredForks)
      judged.warnings.push(describeIgnoredFork(importPath, move, fork, options.projectForks, options.confName));
  }
  const confName = options.confName ?? 'vendor.conf';
  if (move.dropped) {
    const dropped = describeDropped(move.dropped);
    if (options.allowDrop)
      judged.notes.push(`accepted with --allow-drop: ${dropped.slice(0, dropped.indexOf('; moving reverts'))}`);
    else judged.warnings.push(dropped);
  }
  for (const drift of move.drift)
    (drift.new === drift.project ? judged.notes : judged.warnings).push(
      describeDrift(importPath, move, drift, confName),
    );
  return judged;
}

/** The project's own fork pins, as its format reads them (ManifestFormat.forks), to tell which of a dependency's it lacks. */
export interface ProjectForks {
  /** The project's format: a module file is compared with the dependency's module file, vendor.conf with its vendor.conf. */
  format: string;
  forks: Map<string, string>;
}

/** The dependency's fork pins (of the project's kind of file) that the project's file does not have. */
export function ignoredForks(move: MoveAssessment, project: ProjectForks): DependencyFork[] {
  return (move.dependencyForks ?? []).filter(
    (fork) =>
      (fork.file === 'vendor.conf') === (project.format === 'vendor.conf') &&
      project.forks.get(fork.importPath) !== fork.target,
  );
}

/** The warning for one of the dependency's fork pins the project lacks, and why it matters: nobody reads it. */
export function describeIgnoredFork(
  dependency: string,
  move: MoveAssessment,
  fork: DependencyFork,
  project: ProjectForks,
  confName = project.format === 'vendor.conf' ? 'vendor.conf' : 'go.mod',
): string {
  const name = dependency.split('/').pop();
  const instead = project.forks.get(fork.importPath);
  const yours =
    instead === undefined
      ? `your ${confName} lacks`
      : `your ${confName} points ${fork.importPath} at ${instead} instead`;
  const who =
    fork.file === 'vendor.conf'
      ? `vndr reads only your vendor.conf, so you vendor ${fork.importPath} without that fork`
      : `go ignores a dependency's replace directives, so your build of ${fork.importPath} differs from ${name}'s own`;
  return `${name} at ${short(move.to)} has \`${fork.text}\` (${fork.file}:${fork.line}), which ${yours}: ${who}; copy the line into your ${confName} if ${name} needs it`;
}

/** The refusal under --strict: one line to say what happened, then each reason on its own. */
export function strictRefusal(problems: string[], what: string): UserError {
  return new UserError(
    `refused under --strict, nothing changed: ${what}${problems.length > 1 ? ` (${problems.length} problems)` : ''}\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}
