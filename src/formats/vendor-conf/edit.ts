import path from 'node:path';
import { parse, type VendorConf } from './core/vendor-conf.js';
import { UserError } from '../../errors.js';
import { readConfText, type ConfText } from '../../fs/conf-file.js';
import { displayPath } from '../../fs/display-path.js';
import { readProjectConfig, type ProjectConfig } from '../../fs/project-config.js';
import { fullName } from '../../resolve/fork-spec.js';
import type { Pin, Resolver } from '../../resolve/resolver.js';
import { resolveDependencyName } from '../../resolve/short-names.js';
import { plural } from '../../text/plural.js';
import type { BuildOutcome } from '../../vendoring/transaction.js';
import { editResult, refuseBrokenFile } from '../common/edit-result.js';
import type { EditOptions, EditResult, ManifestEditor, ResetResult } from '../../manifest/edit.js';

/** vendor.conf, edited one line at a time, with vndr refreshing the entry's vendor/ directory. */
export async function openVendorConfEditor(file: string, options: EditOptions): Promise<ManifestEditor> {
  const confText = await readConfText(file);
  const conf = parse(confText.text);
  refuseBrokenFile(conf.diagnostics, displayPath(options.cwd, file), options);
  const config = readProjectConfig(file);
  const importPath = resolveDependencyName(options.dependency, conf.entries, config.shortNames, 'vendor.conf');
  let vndrPath: string | undefined;
  if (!options.noVndr && !options.dryRun) {
    const { locateVndr, checkGoProject } = await import('../../vndr/preflight.js');
    vndrPath = locateVndr(options.env, options.vndr);
    await checkGoProject(path.dirname(file), options.env);
  }
  return new VendorConfEditor(options, { file, confText, conf, config, importPath, vndrPath });
}

interface Opened {
  file: string;
  confText: ConfText;
  conf: VendorConf;
  config: ProjectConfig;
  importPath: string;
  vndrPath: string | undefined;
}

class VendorConfEditor implements ManifestEditor {
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
  get current() {
    return this.opened.conf.get(this.opened.importPath);
  }
  get projectPins() {
    return this.opened.conf.pins;
  }

  /** Writes the pin into vendor.conf and refreshes vendor/ for it, as one transaction (or prints it, with --dry-run). */
  async apply(pin: Pin, notes: string[] = []): Promise<EditResult> {
    return (await this.applyAll([pin], notes))[0]!;
  }

  /** Several entries' pins written at once, vndr run once for all of them: one transaction. */
  async applyAll(pins: Pin[], notes: string[] = []): Promise<EditResult[]> {
    const { options } = this;
    const { conf, confText, file, vndrPath, config } = this.opened;
    const edits = pins.map((pin) => {
      const before = conf.get(pin.importPath);
      const after = conf.set(pin.importPath, {
        ref: pin.ref,
        repository: pin.repositoryUrl,
        ...(options.comment !== undefined ? { comment: options.comment } : {}),
      });
      return { pin, before, after };
    });
    const importPaths = pins.map((pin) => pin.importPath);
    const text = conf.toString();
    const changed = text !== confText.text;
    const { createPatch } = await import('diff');
    const shown = displayPath(options.cwd, file);
    const patch = changed ? createPatch(shown, confText.text, text, '', '', { context: 1 }) : '';
    let vndr: { ms: number } | undefined;
    let build: BuildOutcome | undefined;
    if (changed && !options.dryRun) {
      const projectDir = path.dirname(file);
      if (!vndrPath) {
        const { writeFilesLocked } = await import('../../vendoring/transaction.js');
        await writeFilesLocked(projectDir, [{ original: confText, updated: text }]);
      } else {
        const [{ refreshVendor }, { vndrTool }] = await Promise.all([
          import('../../vendoring/transaction.js'),
          import('../../vndr/vndr-tool.js'),
        ]);
        const refreshed = await refreshVendor({
          projectDir,
          files: [{ original: confText, updated: text }],
          tool: vndrTool({
            vndr: vndrPath,
            projectDir,
            importPaths,
            whitelist: [...config.whitelist, ...(options.whitelist ?? [])],
            env: options.env,
          }),
          restored: 'vendor.conf and vendor/',
          env: options.env,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          ...(options.signals ? { signals: options.signals } : {}),
          ...(options.build ? { build: true } : {}),
        });
        vndr = { ms: refreshed.ms };
        build = refreshed.build;
      }
    }
    return edits.map(({ pin, before, after }) =>
      editResult(
        options,
        { file, displayPath: shown, importPath: pin.importPath, before, after, pin, changed, patch },
        notes,
        { vndr, build },
      ),
    );
  }

  /**
   * Back to the upstream commit the fork was based on: the merge base of the pinned fork commit and
   * upstream's default branch, which is the fork commit itself when it was merged upstream.
   */
  async resetToUpstream(resolver: Resolver): Promise<ResetResult> {
    const entry = this.current!;
    if (!entry.repository)
      throw new UserError(
        `${this.importPath} already points at upstream: give the ref to move to (vendorfork reset ${this.options.dependency} REF)`,
      );
    const base = await resolver.basedOn(this.importPath, entry);
    const upstream = { ...(await resolver.upstreamAsNamed(this.importPath)), gitSuffix: false };
    const pin = await resolver.pin(this.importPath, { repository: upstream, ref: base.mergeBase }, entry);
    const note = base.merged
      ? `the fork's commit ${base.forkCommit.slice(0, 12)} is in ${fullName(base.upstream)}'s ${base.defaultBranch}: pinned it there`
      : `pinned the upstream commit the fork was based on: ${base.mergeBase.slice(0, 12)}, where ${fullName(base.fork)} (${plural(base.aheadBy, 'commit')} ahead) left ${fullName(base.upstream)}'s ${base.defaultBranch}`;
    const result = await this.apply(pin, [...base.notes, note]);
    return {
      ...result,
      basedOn: {
        mergeBase: base.mergeBase,
        upstreamBranch: base.defaultBranch,
        forkCommit: base.forkCommit,
        merged: base.merged,
      },
    };
  }
}
