import { existsSync } from 'node:fs';
import path from 'node:path';
import { editResult, refuseBrokenFile } from '../common/edit-result.js';
import { UserError } from '../../errors.js';
import { readConfText, type ConfText } from '../../fs/conf-file.js';
import { displayPath } from '../../fs/display-path.js';
import { readProjectConfig } from '../../fs/project-config.js';
import type { ForkSpec } from '../../resolve/fork-spec.js';
import type { Pin, Resolver } from '../../resolve/resolver.js';
import { resolveDependencyName } from '../../resolve/short-names.js';
import { diagnoseModFile } from './core/diagnostics.js';
import { downloadModule, locateGo, type DownloadedModule } from '../../go/go-command.js';
import { adoptRewrite, goRewrites, judgeDrift, needsNewerRequirements } from './go-resolution.js';
import { cachedGoMod } from '../../go/module-cache.js';
import { parseSemver } from '../../manifest/pseudo-version.js';
import { parseModFile, type ModFile, type Replacement } from './core/mod-file.js';
import { activeReplacement, isLocalPath, moduleEntry, moduleSubdirectory } from './core/module-entry.js';
import { forkModulePath, locateInRepository, resolveModulePin } from './resolve.js';
import { addSumLines, removeSumLines, type SumLine } from './core/sum-file.js';
import { revendorModules } from './vendor-tool.js';
import type { EditOptions, EditResult, ManifestEditor, ResetResult } from '../../manifest/edit.js';
import type { EditedEntry, Entry } from '../../manifest/entry.js';
import type { RequirementMove } from '../../manifest/entry.js';

/**
 * go.mod, or moby's vendor.mod, opened to move one module: a fork pin is a `replace` directive (the fork's
 * module path at the version go computes for the commit), the sum file gains the fork's hashes, and
 * `go mod vendor` refreshes vendor/ when the project vendors.
 */
export async function openModuleEditor(file: string, options: EditOptions): Promise<ManifestEditor> {
  if (options.build && !existsSync(path.join(path.dirname(file), 'vendor')))
    throw new UserError('--build compiles what go mod vendor vendors, and this project has no vendor/: drop --build');
  const modText = await readConfText(file);
  const mod = parseModFile(modText.text);
  const shown = displayPath(options.cwd, file);
  refuseBrokenFile(diagnoseModFile(mod), shown);
  const fileName = path.basename(file);
  const named = [
    ...mod.requirements.map((r) => ({ importPath: r.path })),
    ...mod.replacements.map((r) => ({ importPath: r.oldPath })),
  ];
  const importPath = resolveDependencyName(options.dependency, named, readProjectConfig(file).shortNames, fileName);
  // A replace only acts on a module the graph has: one the file does not name would have no effect.
  if (!named.some((n) => n.importPath === importPath))
    throw new UserError(
      `${importPath} is not required in ${shown}: add it first (go get ${importPath}@VERSION, then go mod vendor), then point it at the fork`,
    );
  const replacement = activeReplacement(mod, importPath);
  if (replacement && isLocalPath(replacement.newPath))
    throw new UserError(
      `${shown}:${replacement.line}:${replacement.columns.newPath}: ${importPath} is replaced by the local directory ${replacement.newPath}, which vendorfork does not move: edit that line by hand`,
    );
  if (!mod.module)
    throw new UserError(`${shown}:1:1: no module directive: is this a Go module file? Fix it, or pass --file`);
  const sumPath = file.replace(/\.mod$/, '.sum');
  const sumExists = existsSync(sumPath);
  const sumText: ConfText = sumExists ? await readConfText(sumPath) : { path: sumPath, text: '', encoding: 'utf8' };
  // go gives the version and the go.sum lines, so even --no-vndr and --dry-run need it.
  const go = locateGo(options.env);
  return new ModuleEditor(options, { file, shown, fileName, modText, mod, importPath, sumText, sumExists, go });
}

interface Opened {
  file: string;
  shown: string;
  fileName: string;
  modText: ConfText;
  mod: ModFile;
  importPath: string;
  sumText: ConfText;
  sumExists: boolean;
  go: string;
}

class ModuleEditor implements ManifestEditor {
  constructor(
    private readonly options: EditOptions,
    private readonly opened: Opened,
  ) {}

  get file() {
    return this.opened.file;
  }
  get importPath() {
    return this.opened.importPath;
  }
  get current(): Entry | undefined {
    return this.located ?? moduleEntry(this.opened.mod, this.opened.importPath);
  }

  /** The entry with its tag as its repository names it, once resolution knows the repository (see resolve). */
  private located: Entry | undefined;

  /**
   * None: a module's own requirements are not compared pin by pin with the project's, as vendor.conf's are.
   * go's minimal version selection keeps the project's version wherever the dependency asks for less, so
   * what a move changes is the build list's difference (judgeBuildList), not "built without X".
   */
  get projectPins() {
    return new Map<string, string>();
  }

  /**
   * `replace MODULE => FORK_PATH VERSION`, as `go mod edit -replace MODULE=FORK_PATH@VERSION` writes it,
   * with VERSION what go computes for the commit (`go mod download -json`, which also gives the sum
   * file's two lines), and what the fork's own requirements raise, as `go mod tidy` would raise it. Back to
   * upstream at a version, the file's own convention: where it pins the module with a replace of itself
   * (`replace MODULE => MODULE VERSION`, as moby does), that replace's version; elsewhere what
   * `go get MODULE@VERSION` does.
   */
  async apply(pin: Pin, notes: string[] = []): Promise<EditResult> {
    return (await this.applyAll([pin], notes))[0]!;
  }

  /** Several modules' pins written at once, go mod vendor run once for all of them: one transaction. */
  async applyAll(pins: Pin[], notes: string[] = []): Promise<EditResult[]> {
    const { options } = this;
    const { mod, fileName } = this.opened;
    let sum = this.opened.sumText.text;
    let judged = notes;
    const edits: ModuleEdit[] = [];
    for (const pin of pins) {
      const importPath = pin.importPath;
      const before = this.currentAsWritten(importPath);
      const upstream = pin.repositoryUrl === null;
      const target = pin.modulePath ?? (upstream ? importPath : forkModulePath(importPath, pin.repository));
      // A version go gave is asked again as it is: a proxy may know a commit only by its version.
      const query = pin.via === 'go' ? pin.ref : this.query(importPath, pin);
      const downloaded = await downloadModule(this.opened.go, target, query, {
        env: options.env,
        ...(options.offline ? { offline: true } : {}),
      });
      const replaced = activeReplacement(mod, importPath);
      let moves: RequirementMove[] = [];
      let upstreamBy: ModuleEdit['upstreamBy'];
      if (upstream && !isSelfReplace(replaced, importPath)) {
        const got = await this.goGet(importPath, downloaded, sum);
        ({ sum, moves } = got);
        upstreamBy = 'require';
        judged = [
          ...judged,
          `go get ${importPath}@${downloaded.version}: the require line in ${fileName} moves to ${downloaded.version}${got.droppedReplace ? `, and the replace of ${importPath} is gone` : ''}`,
        ];
      } else {
        mod.setReplace(importPath, target, downloaded.version, options.comment);
        // Back to upstream (reset REF): the fork's lines go, as they came, with the fork.
        if (upstream) sum = withoutUnused(sum, replaced, parseModFile(mod.toString()));
        sum = addSumLines(sum, sumLinesOf(target, downloaded));
        if (!upstream)
          ({ sum, moves } = await this.raiseForkRequirements(importPath, target, downloaded.version, sum, pin));
        else {
          upstreamBy = 'self-replace';
          const required = mod.requirements.find((r) => r.path === importPath)?.version;
          judged = [
            ...judged,
            `${fileName} pins ${importPath} with a replace of itself: moved that replace to ${downloaded.version}${required ? `, the require line stays at ${required}` : ''}`,
          ];
        }
      }
      judged = judgeBuildList(moves, options, pin, judged);
      edits.push({
        pin: { ...pin, ref: downloaded.version },
        before,
        replacementPath: target === importPath ? undefined : target,
        buildList: moves,
        ...(upstreamBy ? { upstreamBy } : {}),
      });
    }
    return this.write(edits, mod.toString(), sum, judged);
  }

  /** The pin the way go sees modules: see module-resolve.ts. */
  async resolve(resolver: Resolver, spec: ForkSpec): Promise<Pin> {
    const { importPath, mod, go } = this.opened;
    const replacement = activeReplacement(mod, importPath);
    this.located = await locateInRepository(resolver, importPath, this.current);
    return resolveModulePin(resolver, spec, {
      importPath,
      current: this.current,
      ...(replacement && replacement.newPath !== importPath ? { replacementPath: replacement.newPath } : {}),
      go,
      env: this.options.env,
      ...(this.options.offline ? { offline: true } : {}),
    });
  }

  /** Back to the version the module is required at: its replace removed. */
  async resetToUpstream(resolver: Resolver): Promise<ResetResult> {
    const { importPath, mod, sumText, fileName } = this.opened;
    const before = this.currentAsWritten();
    const replacement = activeReplacement(mod, importPath);
    const required = mod.requirements.find((r) => r.path === importPath);
    if (!replacement || !required)
      throw new UserError(
        replacement
          ? `${importPath} is replaced but not required in ${fileName}: remove the replace by hand, or give a version to pin upstream at`
          : `${importPath} is not replaced in ${fileName}: it already points at upstream (give a version to move to: vendorfork reset ${this.options.dependency} VERSION)`,
      );
    mod.dropReplace(importPath, replacement.oldVersion);
    const text = mod.toString();
    const upstream = await resolver.upstreamAsNamed(importPath);
    const pin: Pin = {
      importPath,
      upstream,
      repository: upstream,
      repositoryUrl: null,
      ref: required.version,
      kind: 'tag',
      warnings: [],
    };
    const note = `removed the replace: ${importPath} is back at the version ${fileName} requires, ${required.version}`;
    const [result] = await this.write(
      [{ pin, before, replacementPath: undefined }],
      text,
      withoutUnused(sumText.text, replacement, parseModFile(text)),
      [note],
    );
    return result!;
  }

  /**
   * Back to upstream where the file does not pin the module with a replace of itself: what
   * `go get MODULE@VERSION` does, on the lossless tree. Every replace of the module goes, then go get runs
   * on a copy of the files, and its changes are taken back: the module's require line, and whatever go
   * moves with it (mod-file.ts adoptRequirements). go mod vendor follows.
   */
  private async goGet(
    importPath: string,
    downloaded: DownloadedModule,
    sum: string,
  ): Promise<{ sum: string; moves: RequirementMove[]; droppedReplace: boolean }> {
    const { mod } = this.opened;
    const replacements = mod.replacements.filter((r) => r.oldPath === importPath);
    for (const replacement of replacements) mod.dropReplace(importPath, replacement.oldVersion);
    // go get keeps a dropped fork's sums (only go mod tidy trims the sum file), and so does this.
    const withModule = addSumLines(sum, sumLinesOf(importPath, downloaded));
    const rewrite = await goRewrites(
      this.project(),
      { mod: mod.toString(), sum: withModule },
      ['get', `${importPath}@${downloaded.version}`],
      { ...(this.options.offline ? { offline: true } : {}) },
    );
    return { ...adoptRewrite(mod, withModule, rewrite, importPath), droppedReplace: replacements.length > 0 };
  }

  /**
   * The fork's own requirements, as `go mod edit -replace … && go mod tidy` takes them: where the fork
   * requires a module at a newer version than the file does (or one the file does not require), go mod
   * tidy runs on a copy, and the versions it raises, the requirements it adds and the sums it adds are
   * taken back onto the file, every other line as it was. Where the file already requires everything the
   * fork does at that version or newer, go's minimal version selection keeps the file's versions and go is
   * not run. If tidy fails, the file is written as go mod edit would, with a warning.
   */
  private async raiseForkRequirements(
    importPath: string,
    target: string,
    version: string,
    sum: string,
    pin: Pin,
  ): Promise<{ sum: string; moves: RequirementMove[] }> {
    const { mod } = this.opened;
    if (!needsNewerRequirements(cachedGoMod(this.options.env, target, version), mod)) return { sum, moves: [] };
    try {
      const rewrite = await goRewrites(this.project(), { mod: mod.toString(), sum }, ['mod', 'tidy'], {
        ...(this.options.offline ? { offline: true } : {}),
      });
      return adoptRewrite(mod, sum, rewrite, importPath);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      pin.warnings.push(
        `the fork requires newer versions of other modules than ${this.opened.fileName} does, and ${error.message.split('\n')[0]}: if go mod vendor then says "updates to go.mod needed", run go mod tidy`,
      );
      return { sum, moves: [] };
    }
  }

  /** The project as go runs in it. */
  private project() {
    const { file, mod, go } = this.opened;
    return {
      go,
      projectDir: path.dirname(file),
      modFile: file,
      module: mod.module ?? 'vendorfork.invalid/stub',
      ...(mod.goVersion ? { goVersion: mod.goVersion } : {}),
      env: this.options.env,
    };
  }

  /**
   * What go is asked for: the commit, or a semver tag as itself. A tag's own version, not its commit: the
   * module cache, read before go, may hold a pseudo-version for that commit from before it was tagged.
   */
  private query(importPath: string, pin: Pin): string {
    const tag = this.tagQuery(importPath, pin.ref);
    if (pin.kind === 'tag' && parseSemver(tag.replace(/\+incompatible$/, ''))) return tag;
    return pin.sha ?? tag;
  }

  /** A tag as go takes it for this module: without the subdirectory prefix a nested module's tags carry. */
  private tagQuery(importPath: string, ref: string): string {
    const subdirectory = moduleSubdirectory(importPath);
    return subdirectory && ref.startsWith(`${subdirectory}/`) ? ref.slice(subdirectory.length + 1) : ref;
  }

  private async write(edits: ModuleEdit[], text: string, sum: string, notes: string[]): Promise<EditResult[]> {
    const { options } = this;
    const { file, shown, modText, sumText, sumExists } = this.opened;
    const changed = text !== modText.text;
    const sumChanged = sum !== sumText.text;
    const { createPatch } = await import('diff');
    const patch = changed ? createPatch(shown, modText.text, text, '', '', { context: 1 }) : '';
    const files = [
      ...(changed ? [{ original: modText, updated: text }] : []),
      ...(sumChanged ? [{ original: sumText, updated: sum, ...(sumExists ? {} : { absent: true }) }] : []),
    ];
    const vendors = existsSync(path.join(path.dirname(file), 'vendor'));
    if (options.build && !vendors)
      throw new UserError(
        '--build compiles what go mod vendor vendored, and this project has no vendor/: drop --build',
      );
    const ran =
      files.length > 0 && !options.dryRun
        ? await revendorModules({
            ...options,
            go: this.opened.go,
            modFile: file,
            mod: this.opened.mod,
            sumFile: sumText.path,
            files,
            dependency: edits.map((edit) => edit.pin.importPath).join(', '),
            vendor: !options.noVndr && vendors,
            ...(options.build ? { build: true } : {}),
          })
        : undefined;
    const written = parseModFile(text);
    return edits.map(({ pin, before, replacementPath, buildList, upstreamBy }) => ({
      ...editResult(
        options,
        {
          file,
          displayPath: shown,
          importPath: pin.importPath,
          before,
          after: afterEntry(written, pin.importPath, pin.ref, replacementPath, options.comment),
          pin,
          changed,
          patch,
        },
        notes,
        ran ? { vndr: { ms: ran.ms }, ...(ran.build ? { build: ran.build } : {}) } : {},
      ),
      ...(buildList ? { buildList } : {}),
      ...(upstreamBy ? { upstreamBy } : {}),
    }));
  }

  /** The entry as the file writes it, before an edit: its version, and its replacement's module path. */
  private currentAsWritten(importPath = this.opened.importPath): EditedEntry | undefined {
    const { mod } = this.opened;
    const entry = importPath === this.opened.importPath ? this.current : moduleEntry(mod, importPath);
    if (!entry) return undefined;
    const replacement = activeReplacement(mod, importPath);
    const version = replacement?.newVersion ?? mod.requirements.find((r) => r.path === importPath)?.version;
    const { repository: _url, columns: _columns, ...rest } = entry;
    return {
      ...rest,
      ref: version ?? entry.ref,
      ...(replacement && replacement.newPath !== importPath ? { repository: replacement.newPath } : {}),
    };
  }
}

function afterEntry(
  mod: ModFile,
  importPath: string,
  version: string,
  replacementPath: string | undefined,
  comment: string | null | undefined,
): EditedEntry {
  const replacement = activeReplacement(mod, importPath);
  const line = replacement?.line ?? mod.requirements.find((r) => r.path === importPath)?.line ?? 0;
  return {
    importPath,
    ref: version,
    ...(replacementPath ? { repository: replacementPath } : {}),
    ...(typeof comment === 'string' ? { comment } : {}),
    line,
  };
}

/**
 * The sum file without the lines of a replacement the file no longer uses (reset): what set added for a
 * fork goes when the fork does, unless another directive still names that module version.
 */
function withoutUnused(sum: string, dropped: Replacement | undefined, mod: ModFile): string {
  if (!dropped?.newVersion || isLocalPath(dropped.newPath)) return sum;
  const stillUsed =
    mod.replacements.some((r) => r.newPath === dropped.newPath && r.newVersion === dropped.newVersion) ||
    mod.requirements.some((r) => r.path === dropped.newPath && r.version === dropped.newVersion);
  if (stillUsed) return sum;
  return removeSumLines(sum, dropped.newPath, dropped.newVersion);
}

/** One module's edit: its pin, its entry before, the fork's path, the build list's moves, how upstream was reached. */
interface ModuleEdit {
  pin: Pin;
  before: EditedEntry | undefined;
  replacementPath: string | undefined;
  buildList?: RequirementMove[];
  upstreamBy?: 'require' | 'self-replace';
}

/** `replace M => M VERSION`: the file's way of pinning upstream (moby's, for dozens of modules). */
function isSelfReplace(replacement: Replacement | undefined, importPath: string): boolean {
  return replacement !== undefined && replacement.newPath === importPath && replacement.newVersion !== undefined;
}

/** The go.sum lines of one downloaded module version: its zip's hash, and its go.mod's. */
function sumLinesOf(modulePath: string, downloaded: DownloadedModule): SumLine[] {
  return [
    { path: modulePath, version: downloaded.version, hash: downloaded.sum },
    { path: modulePath, version: `${downloaded.version}/go.mod`, hash: downloaded.goModSum },
  ];
}

/** The drift line as a warning, a note with --allow-drift, or the refusal under --strict. Returns the notes. */
function judgeBuildList(moves: RequirementMove[], options: EditOptions, pin: Pin, notes: string[]): string[] {
  const judged = judgeDrift(moves, options);
  if (judged.warning) pin.warnings.push(judged.warning);
  return judged.note ? [...notes, judged.note] : notes;
}
