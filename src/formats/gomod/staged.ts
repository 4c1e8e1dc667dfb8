import path from 'node:path';
import type { StagedCode } from '../../manifest/diagnostic.js';
import type { ModDiagnostic, ModDiagnosticCode } from './core/diagnostics.js';
import { nameStatus, rootFinder } from '../../git/staged-paths.js';
import { UserError } from '../../errors.js';
import { decode } from '../../fs/conf-file.js';
import { catFileBatch, git, ignoredPaths, pathFromGit, workTreeRoot, zList } from '../../git/plumbing.js';
import { plural } from '../../text/plural.js';
import { diagnoseModFile } from './core/diagnostics.js';
import { activeReplacement } from './core/module-entry.js';
import { parseModFile, type ModFile } from './core/mod-file.js';
import { parseModulesTxt, vendorDisagreements, type VendorList } from './core/modules-txt.js';
import { KEPT_ORPHAN_FIX, moduleOrphanMessage } from './orphans.js';
import { shadowedBumps } from './core/replace-shadows.js';
import { expectedModule } from './vendor-tree.js';
import { diffModFiles } from './core/semantic-diff.js';

/** A finding of the module guard: the module file's own codes, or the guard's, with the files it is about. */
export interface StagedDiagnostic extends Omit<ModDiagnostic, 'code'> {
  code: ModDiagnosticCode | StagedCode;
  files?: string[];
}

/**
 * `check --staged` on go.mod or moby's vendor.mod, for the pre-commit hook: what the next commit records,
 * read from the index, offline.
 *
 * - the staged module file is sound (check's diagnostics);
 * - a change to it is staged with vendor/modules.txt, which go mod vendor rewrites for every change;
 * - vendor/modules.txt agrees with it, as go checks before building with -mod=vendor;
 * - vendor/ is what go mod vendor writes from the staged modules.txt (judgeVendorTree), and holds nothing
 *   that no listed module accounts for.
 */
export async function moduleStagedDiagnostics(
  modFile: string,
  env: NodeJS.ProcessEnv,
  options: { allowVendorEdits?: boolean; online?: boolean },
): Promise<StagedDiagnostic[]> {
  const top = workTreeRoot(path.dirname(modFile));
  if (!top) throw new UserError(`${path.dirname(modFile)} is not in a git work tree: --staged reads the git index`);
  const fileName = path.basename(modFile);
  const rel = path.relative(top, modFile).split(path.sep).join('/');
  const vendorRel = path.posix.join(path.posix.dirname(rel), 'vendor');
  const txtRel = `${vendorRel}/modules.txt`;
  // Three git processes side by side, however many modules: both versions of the module file and of
  // modules.txt, the staged changes under vendor/, and the index's files there with their blob ids.
  const [[stagedObject, headObject, txtObject, headTxtObject], changed, indexed] = await Promise.all([
    catFileBatch(top, [`:${rel}`, `HEAD:${rel}`, `:${txtRel}`, `HEAD:${txtRel}`], env),
    git(top, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--', vendorRel], env),
    git(top, ['ls-files', '-s', '-z', '--', vendorRel], env),
  ]);
  if (stagedObject?.type !== 'blob') return [];
  const mod = parseModFile(decode(stagedObject.content).text);
  const head = parseModFile(headObject?.type === 'blob' ? decode(headObject.content).text : '');
  const diagnostics: StagedDiagnostic[] = diagnoseModFile(mod).map((d) => ({ ...d }));
  for (const { code, message, requireLine } of shadowedBumps(head, mod, fileName))
    diagnostics.push({ severity: 'warning', code, message, line: requireLine, column: 1 });
  // A project that does not vendor has nothing under vendor/ to agree with its module file.
  if (txtObject?.type !== 'blob') return diagnostics;
  const modulesTxt = decode(txtObject.content).text;
  const stagedChanges = nameStatus(changed.stdout);
  const moved = diffModFiles(head, mod);
  const txtStaged = stagedChanges.some((c) => c.path === txtRel);
  const fix = `run vendorfork sync (or go mod vendor), then git add -A ${vendorRel}`;
  // Modules whose modules.txt lines the module file contradicts: go mod vendor must run first, and what
  // vendor/ holds for them is judged once it has.
  const inconsistent = new Set<string>();
  if (moved.length > 0 && !txtStaged) {
    for (const row of moved)
      diagnostics.push({
        severity: 'error',
        code: 'vendor-not-updated',
        message: `${row.importPath} changed (${row.kind}) in ${fileName} but ${txtRel} is not staged with it: ${fix}`,
        line: row.new?.line ?? 0,
        column: row.new ? 1 : 0,
      });
  } else {
    for (const { module, message } of vendorDisagreements(mod, modulesTxt, fileName)) {
      inconsistent.add(module);
      // At the module's line in the module file when it has one; a module only modules.txt names is the file's.
      const line = lineOf(mod, module);
      diagnostics.push({ severity: 'error', code: 'vendor-inconsistent', message, line, column: line === 0 ? 0 : 1 });
    }
  }

  diagnostics.push(
    ...(await judgeVendorTree({
      top,
      vendorRel,
      txtRel,
      fileName,
      mod,
      head,
      staged: parseModulesTxt(modulesTxt),
      before: parseModulesTxt(headTxtObject?.type === 'blob' ? decode(headTxtObject.content).text : ''),
      changes: stagedChanges,
      index: indexed.stdout,
      inconsistent,
      env,
      options,
    })),
  );
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * vendor/ in the index against what go mod vendor would write from the staged modules.txt: for each module
 * whose block in modules.txt or whose staged files changed (the others are as HEAD had them), the files it
 * copies from the module cache, byte for byte; and no file that belongs to no listed module. Every module is
 * the same case, moved in the module file or not: go's own modules.txt-only changes (indirect modules under
 * go 1.16, packages newly imported or dropped, modules removed) are judged by the same rule as a pin.
 */
async function judgeVendorTree(input: {
  top: string;
  vendorRel: string;
  txtRel: string;
  fileName: string;
  mod: ModFile;
  head: ModFile;
  staged: VendorList;
  before: VendorList;
  changes: { status: string; path: string }[];
  index: string;
  inconsistent: Set<string>;
  env: NodeJS.ProcessEnv;
  options: { allowVendorEdits?: boolean; online?: boolean };
}): Promise<StagedDiagnostic[]> {
  const { vendorRel, staged, before, mod, env, options } = input;
  const diagnostics: StagedDiagnostic[] = [];
  const prefix = vendorRel.length + 1;
  const changed = new Map(input.changes.map((c) => [c.path.slice(prefix), c.status]));
  const moduleOf = rootFinder(staged.versions);
  const headModuleOf = rootFinder(before.versions);
  // The index's files under vendor/ (path relative to vendor/ → blob id), by the module they belong to.
  const index = new Map<string, string>();
  const byModule = new Map<string, string[]>();
  const orphans = { added: [] as string[], dropped: [] as string[], kept: [] as string[] };
  // A moby-sized index has ten thousand records here: each is read with fixed offsets, and decoded as UTF-8
  // only when it has bytes beyond ASCII.
  for (const record of zList(input.index)) {
    // "<mode> <blob> <stage>\t<path>": six digits, a space, the id, a space, one digit.
    const tab = record.indexOf('\t');
    const raw = record.slice(tab + 1);
    const file = (/[\x80-\xff]/.test(raw) ? pathFromGit(raw) : raw).slice(prefix);
    if (file === 'modules.txt') continue;
    index.set(file, record.slice(7, tab - 2));
    const module = moduleOf(file);
    if (module) {
      const files = byModule.get(module);
      if (files) files.push(file);
      else byModule.set(module, [file]);
    } else if (changed.has(file)) orphans.added.push(file);
    else if (headModuleOf(file)) orphans.dropped.push(file);
    else orphans.kept.push(file);
  }

  // go 1.16 as go assumes without a go line; the go line decides go.mod/go.sum and test embeds.
  const goVersion = mod.goVersion ?? '1.16';
  const allMoved = goVersion !== (input.head.goVersion ?? '1.16');
  const judged = new Set<string>();
  for (const [module, block] of staged.blocks) if (allMoved || before.blocks.get(module) !== block) judged.add(module);
  for (const file of changed.keys()) {
    const module = moduleOf(file);
    if (module) judged.add(module);
  }
  const download = options.online
    ? async (modulePath: string, version: string) => {
        const { downloadModule, locateGo } = await import('../../go/go-command.js');
        return (await downloadModule(locateGo(env), modulePath, version, { env })).dir || undefined;
      }
    : undefined;
  const projectDir = path.join(input.top, path.posix.dirname(vendorRel));
  for (const module of [...judged].sort()) {
    if (input.inconsistent.has(module)) continue;
    const where = { line: lineOf(mod, module), column: lineOf(mod, module) === 0 ? 0 : 1 };
    const expected = await expectedModule(module, staged, goVersion, {
      projectDir,
      env,
      keep: true,
      ...(download ? { download } : {}),
    });
    if (!expected.ok) {
      diagnostics.push({
        severity: 'warning',
        code: 'vendor-unverified',
        message: `${vendorRel}/${module} was not compared with ${expected.at} (${expected.why}): run go mod download ${expected.at}, then check --staged again, or check --staged --online`,
        ...where,
      });
      continue;
    }
    const differ: string[] = [];
    const missing: string[] = [];
    const extra: string[] = [];
    for (const [file, blob] of expected.files) {
      const have = index.get(file);
      if (have === undefined) missing.push(file);
      else if (have !== blob) differ.push(file);
    }
    for (const file of byModule.get(module) ?? []) if (!expected.files.has(file)) extra.push(file);
    if (missing.length > 0) {
      // A file a vendored .gitignore excludes (fsutil's `.*` keeps out its .golangci.yml) is never staged by git add.
      const ignored = await ignoredPaths(
        input.top,
        missing.map((file) => `${vendorRel}/${file}`),
        env,
      );
      if (ignored.size > 0)
        missing.splice(0, missing.length, ...missing.filter((file) => !ignored.has(`${vendorRel}/${file}`)));
    }
    if (differ.length + missing.length + extra.length === 0) continue;
    const show = (files: string[]) => list(files.map((file) => `${vendorRel}/${file}`));
    const parts = [
      differ.length > 0 &&
        `${plural(differ.length, 'file')} ${differ.length === 1 ? 'differs' : 'differ'} from it (${show(differ)})`,
      missing.length > 0 &&
        `${plural(missing.length, 'file')} it copies ${missing.length === 1 ? 'is' : 'are'} missing (${show(missing)})`,
      extra.length > 0 &&
        `${plural(extra.length, 'file')} it would not write ${extra.length === 1 ? 'is' : 'are'} there (${show(extra)})`,
    ].filter(Boolean);
    diagnostics.push(
      softened(
        {
          severity: 'error',
          code: 'vendor-hand-edit',
          message: `${vendorRel}/${module} is not what go mod vendor copies from ${expected.at}: ${parts.join('; ')}; a hand edit of vendored code: send the change upstream or to a fork and vendorfork set it, or pass --allow-vendor-edits`,
          ...where,
          files: [...differ, ...missing, ...extra].map((file) => `${vendorRel}/${file}`),
        },
        options,
      ),
    );
  }

  const orphan = (severity: 'error' | 'warning', found: string[], why: string) => {
    const files = found.map((f) => `${vendorRel}/${f}`);
    if (files.length > 0)
      diagnostics.push({
        severity,
        code: 'vendor-orphan',
        message: moduleOrphanMessage(files, input.txtRel, why),
        line: 0,
        column: 0,
        files,
      });
  };
  orphan('error', orphans.added, 'this commit stages them, and go mod vendor would delete them');
  orphan(
    'error',
    orphans.dropped,
    `their module left ${input.txtRel} in this commit, and go mod vendor deletes its files: git rm -r them, or run go mod vendor and git add -A ${vendorRel}`,
  );
  orphan('warning', orphans.kept, `already in HEAD; ${KEPT_ORPHAN_FIX}`);
  return diagnostics;
}

function softened(found: StagedDiagnostic, options: { allowVendorEdits?: boolean }): StagedDiagnostic {
  return found.severity === 'error' && found.code === 'vendor-hand-edit' && options.allowVendorEdits
    ? { ...found, severity: 'warning' }
    : found;
}

/** Where the module file names a module: its replacement's line, else its requirement's, else the file. */
function lineOf(mod: ModFile, module: string): number {
  return activeReplacement(mod, module)?.line ?? mod.requirements.find((r) => r.path === module)?.line ?? 0;
}

function list(files: string[]): string {
  return `${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`;
}
