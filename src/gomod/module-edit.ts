import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EditOptions, EditResult, EditedEntry, ManifestEditor } from '../commands/pin-edit.js';
import { editResult, refuseBrokenFile } from '../commands/edit-result.js';
import type { ResetResult } from '../commands/reset.js';
import type { Entry } from '../conf/vendor-conf.js';
import { UserError } from '../errors.js';
import { readConfText, type ConfText } from '../fs/conf-file.js';
import { displayPath } from '../fs/display-path.js';
import { readProjectConfig } from '../fs/project-config.js';
import { goModFormat } from '../manifest/go-mod-format.js';
import type { ForkSpec } from '../resolve/fork-spec.js';
import type { Pin, Resolver } from '../resolve/resolver.js';
import { resolveDependencyName } from '../resolve/short-names.js';
import { diagnoseModFile } from './diagnostics.js';
import { downloadModule, locateGo } from './go-command.js';
import { parseModFile, type ModFile, type Replacement } from './mod-file.js';
import { activeReplacement, isLocalPath, moduleEntry, moduleSubdirectory } from './module-entry.js';
import { forkModulePath, locateInRepository, resolveModulePin } from './module-resolve.js';
import { addSumLines, removeSumLines } from './sum-file.js';
import { revendorModules } from './vendor-tool.js';

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
  get projectPins() {
    return goModFormat.pins(this.opened.modText.text);
  }

  /**
   * `replace MODULE => FORK_PATH VERSION`, as `go mod edit -replace MODULE=FORK_PATH@VERSION` writes it,
   * with VERSION what go computes for the commit (`go mod download -json`, which also gives the sum
   * file's two lines); back to upstream at a version, `replace MODULE => MODULE VERSION`.
   */
  async apply(pin: Pin, notes: string[] = []): Promise<EditResult> {
    const { options } = this;
    const { importPath, mod, sumText } = this.opened;
    const before = this.currentAsWritten();
    const target =
      pin.modulePath ?? (pin.repositoryUrl === null ? importPath : forkModulePath(importPath, pin.repository));
    // A version go gave is asked again as it is: a proxy may know a commit only by its version.
    const query = pin.via === 'go' ? pin.ref : (pin.sha ?? this.tagQuery(pin.ref));
    const downloaded = await downloadModule(this.opened.go, target, query, {
      env: options.env,
      ...(options.offline ? { offline: true } : {}),
    });
    const replaced = activeReplacement(mod, importPath);
    mod.setReplace(importPath, target, downloaded.version, options.comment);
    const text = mod.toString();
    // Back to upstream (reset REF): the fork's lines go, as they came, with the fork.
    const kept = pin.repositoryUrl === null ? withoutUnused(sumText.text, replaced, parseModFile(text)) : sumText.text;
    const sum = addSumLines(kept, [
      { path: target, version: downloaded.version, hash: downloaded.sum },
      { path: target, version: `${downloaded.version}/go.mod`, hash: downloaded.goModSum },
    ]);
    return this.write(
      { ...pin, ref: downloaded.version },
      text,
      sum,
      notes,
      before,
      target === importPath ? undefined : target,
    );
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
    return this.write(
      pin,
      text,
      withoutUnused(sumText.text, replacement, parseModFile(text)),
      [note],
      before,
      undefined,
    );
  }

  /** A tag as go takes it for this module: without the subdirectory prefix a nested module's tags carry. */
  private tagQuery(ref: string): string {
    const subdirectory = moduleSubdirectory(this.opened.importPath);
    return subdirectory && ref.startsWith(`${subdirectory}/`) ? ref.slice(subdirectory.length + 1) : ref;
  }

  private async write(
    pin: Pin,
    text: string,
    sum: string,
    notes: string[],
    before: EditedEntry | undefined,
    replacementPath: string | undefined,
  ): Promise<EditResult> {
    const { options } = this;
    const { file, shown, modText, sumText, sumExists, importPath } = this.opened;
    const changed = text !== modText.text;
    const sumChanged = sum !== sumText.text;
    const { createPatch } = await import('diff');
    const patch = changed ? createPatch(shown, modText.text, text, '', '', { context: 1 }) : '';
    const after = afterEntry(parseModFile(text), importPath, pin.ref, replacementPath, options.comment);
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
            dependency: importPath,
            vendor: !options.noVndr && vendors,
            ...(options.build ? { build: true } : {}),
          })
        : undefined;
    return editResult(
      options,
      { file, displayPath: shown, importPath, before, after, pin, changed, patch },
      notes,
      ran ? { vndr: { ms: ran.ms }, ...(ran.build ? { build: ran.build } : {}) } : {},
    );
  }

  /** The entry as the file writes it, before an edit: its version, and its replacement's module path. */
  private currentAsWritten(): EditedEntry | undefined {
    const { mod, importPath } = this.opened;
    const entry = this.current;
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
