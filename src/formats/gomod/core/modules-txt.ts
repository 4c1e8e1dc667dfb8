import type { ModFile } from './mod-file.js';

/** A replacement as modules.txt records it: NEW [VERSION], or a directory. */
interface Target {
  path: string;
  version?: string;
}

/** What `go mod vendor` wrote in vendor/modules.txt that the module file must agree with. */
export interface VendorList {
  /** Module path → the version vendored, for each module with a `# PATH VERSION` line. */
  versions: Map<string, string>;
  /** Modules marked `## explicit`: the module file's direct requirements. */
  explicit: Set<string>;
  /** `PATH` or `PATH@VERSION` → the replacement recorded for it. */
  replaced: Map<string, Target>;
  /** Module path → the packages vendored from it, as listed under its `# PATH VERSION` line. */
  packages: Map<string, string[]>;
  /** Module path → its block's lines as written (the `#` line, `##` lines and packages), to tell what a commit changed. */
  blocks: Map<string, string>;
  /** Module path → where go mod vendor copied it from: its replacement on the module's line, else itself at its version. */
  sources: Map<string, Target>;
}

const key = (path: string, version?: string) => (version ? `${path}@${version}` : path);
const show = (target: Target | undefined) =>
  target === undefined ? 'no replacement' : `${target.path}${target.version ? `@${target.version}` : ''}`;

export function parseModulesTxt(text: string): VendorList {
  const list: VendorList = {
    versions: new Map(),
    explicit: new Set(),
    replaced: new Map(),
    packages: new Map(),
    blocks: new Map(),
    sources: new Map(),
  };
  // A `# PATH VERSION [=> …]` line opens a module only when an annotation or a package follows, as go reads it
  // (modload's readVendorList): go mod vendor also ends the file with one such line for each versioned
  // replace nothing uses, and that one must not stand for the version vendored.
  let current: { path: string; version: string; target: Target; lines: string[]; open: boolean } | undefined;
  const opened = () => {
    if (!current || current.open || list.versions.has(current.path)) return;
    current.open = true;
    list.versions.set(current.path, current.version);
    list.sources.set(current.path, current.target);
    list.packages.set(current.path, []);
  };
  // The block's lines are joined once it ends: a moby-sized file has thousands.
  const close = () => {
    if (current?.open) list.blocks.set(current.path, current.lines.join('\n'));
  };
  for (const line of text.split(/\r?\n/)) {
    if (current && !line.startsWith('# ')) current.lines.push(line);
    if (line.startsWith('## ')) {
      opened();
      if (
        current &&
        line
          .slice(3)
          .split(';')
          .some((part) => part.trim() === 'explicit')
      )
        list.explicit.add(current.path);
      continue;
    }
    if (!line.startsWith('# ')) {
      if (current && line.trim() !== '') {
        opened();
        if (current.open && !line.startsWith('#')) list.packages.get(current.path)!.push(line.trim());
      }
      continue;
    }
    close();
    const fields = line.slice(2).trim().split(/\s+/);
    const arrow = fields.indexOf('=>');
    const left = arrow === -1 ? fields : fields.slice(0, arrow);
    const [path, version] = left;
    current = undefined;
    if (!path) continue;
    let target: Target = { path, ...(version ? { version } : {}) };
    if (arrow !== -1) {
      const [newPath, newVersion] = fields.slice(arrow + 1);
      if (newPath) {
        target = { path: newPath, ...(newVersion ? { version: newVersion } : {}) };
        list.replaced.set(key(path, version), target);
      }
    }
    // `# PATH VERSION [=> …]` opens a module's packages; `# PATH => …` only records a replacement.
    current = version ? { path, version, target, lines: [line], open: false } : undefined;
  }
  close();
  return list;
}

/** One disagreement: the module it is about, and one line with the fix. */
export interface Disagreement {
  module: string;
  message: string;
}

/**
 * Where the module file and vendor/modules.txt disagree, as the go command checks before it builds with
 * -mod=vendor ("inconsistent vendoring"): every requirement marked explicit at its version, nothing
 * explicit that is not required, every replacement recorded with the same target, nothing recorded that
 * is not replaced. One line each, with the fix. No I/O.
 */
export function vendorDisagreements(file: ModFile, modulesTxt: string, fileName: string): Disagreement[] {
  const list = parseModulesTxt(modulesTxt);
  const problems: Disagreement[] = [];
  const problem = (module: string, message: string) => problems.push({ module, message });
  const fix = 'run go mod vendor, then git add -A vendor';
  const required = new Map(file.requirements.map((r) => [r.path, r.version]));
  for (const [path, version] of required) {
    if (!list.explicit.has(path))
      problem(path, `${path} is required in ${fileName}, but vendor/modules.txt does not list it as required: ${fix}`);
    else if (list.versions.get(path) !== version)
      problem(
        path,
        `${path} is required at ${version} in ${fileName}, but vendor/modules.txt has ${list.versions.get(path)}: ${fix}`,
      );
  }
  for (const path of list.explicit)
    if (!required.has(path))
      problem(path, `${path} is listed as required in vendor/modules.txt, but ${fileName} does not require it: ${fix}`);
  const replacements = new Map(
    file.replacements.map((r) => [
      key(r.oldPath, r.oldVersion),
      { path: r.newPath, ...(r.newVersion ? { version: r.newVersion } : {}) } as Target,
    ]),
  );
  for (const [old, target] of replacements) {
    const recorded = list.replaced.get(old);
    if (recorded?.path !== target.path || recorded?.version !== target.version)
      problem(
        old.split('@')[0]!,
        `${old} is replaced by ${show(target)} in ${fileName}, but vendor/modules.txt has ${show(recorded)}: ${fix}`,
      );
  }
  for (const [old, recorded] of list.replaced) {
    if (replacements.has(old)) continue;
    // A module line's own `=> …` repeats the general replacement for the version vendored: what there is to
    // say of it is said of the general one, in either file.
    const at = old.indexOf('@');
    if (at !== -1 && (replacements.has(old.slice(0, at)) || list.replaced.has(old.slice(0, at)))) continue;
    problem(
      old.split('@')[0]!,
      `${old} is replaced in vendor/modules.txt by ${show(recorded)}, but not in ${fileName}: ${fix}`,
    );
  }
  return problems;
}
