import type { ModFile, Replacement, Requirement } from './mod-file.js';
import { shadowedBumps } from './replace-shadows.js';
import type { EntryDiff, EntrySide } from '../../../manifest/entry-diff.js';

/** One module as a file pins it: its requirement, and every replacement of it. */
interface ModulePin {
  require?: Requirement;
  replaces: Replacement[];
}

function pins(file: ModFile): Map<string, ModulePin> {
  const modules = new Map<string, ModulePin>();
  const at = (path: string) => {
    let pin = modules.get(path);
    if (!pin) modules.set(path, (pin = { replaces: [] }));
    return pin;
  };
  for (const requirement of file.requirements) at(requirement.path).require ??= requirement;
  for (const replacement of file.replacements) at(replacement.oldPath).replaces.push(replacement);
  return modules;
}

/** The replacement go applies: one for the required version, else the general one (else, for display, the first). */
function effective(pin: ModulePin): Replacement | undefined {
  return (
    pin.replaces.find((r) => r.oldVersion !== undefined && r.oldVersion === pin.require?.version) ??
    pin.replaces.find((r) => r.oldVersion === undefined) ??
    pin.replaces[0]
  );
}

/** A module's side of a row, in the field names the vendor.conf diff uses: the version as ref, the replacement as repository. */
function side(path: string, pin: ModulePin): EntrySide {
  const replace = effective(pin);
  return {
    importPath: path,
    ref: replace ? (replace.newVersion ?? replace.newPath) : (pin.require?.version ?? ''),
    ...(replace ? { repository: replace.newPath } : {}),
    line: (replace ?? pin.require)!.line,
  };
}

const replaceKey = (pin: ModulePin) =>
  pin.replaces
    .map((r) => `${r.oldVersion ?? ''}=>${r.newPath}@${r.newVersion ?? ''}`)
    .sort()
    .join(' ');

/**
 * What changed between two go.mod or vendor.mod files, module by module, as rows of the vendor.conf diff:
 * a replacement added (forked), changed (fork-changed) or removed (unforked), a required version changed
 * (ref), a module added or removed. `// indirect` markers, comments, order and layout are not changes. A
 * requirement moved under a replace the change left alone carries the replace-shadows-require warning, at
 * the requirement's line (`fileName` names the lines in its message).
 */
export function diffModFiles(before: ModFile, after: ModFile, fileName = 'go.mod'): EntryDiff[] {
  const [oldPins, newPins] = [pins(before), pins(after)];
  const rows: EntryDiff[] = [];
  for (const path of new Set([...oldPins.keys(), ...newPins.keys()])) {
    const [was, now] = [oldPins.get(path), newPins.get(path)];
    if (!now) {
      rows.push({ kind: 'removed', importPath: path, old: side(path, was!) });
      continue;
    }
    if (!was) {
      rows.push({ kind: 'added', importPath: path, new: side(path, now) });
      continue;
    }
    const kind =
      replaceKey(was) !== replaceKey(now)
        ? was.replaces.length === 0
          ? 'forked'
          : now.replaces.length === 0
            ? 'unforked'
            : 'fork-changed'
        : was.require?.version !== now.require?.version
          ? 'ref'
          : undefined;
    if (kind) rows.push({ kind, importPath: path, old: side(path, was), new: side(path, now) });
  }
  for (const shadow of shadowedBumps(before, after, fileName)) {
    const row = rows.find((r) => r.importPath === shadow.module);
    if (row) row.warning = { code: shadow.code, message: shadow.message, line: shadow.requireLine, column: 1 };
  }
  return rows;
}
