import { activeReplacement, isLocalPath } from './module-entry.js';
import type { ModFile, Replacement } from './mod-file.js';

/**
 * A requirement that moved while a replace the change left alone still decides (or stops deciding) what
 * go builds for the module: the shape of a bot's pull request that bumps `require M` under `replace M =>
 * fork V` (kata-containers#11020, dependabot-core#3250).
 */
export interface ShadowedBump {
  code: 'replace-shadows-require';
  module: string;
  /** The required version before and after. */
  from: string;
  to: string;
  /** 1-based lines in the file after the change: the requirement, and the replace. */
  requireLine: number;
  replaceLine: number;
  /** The replace that decides the module after the change, or that decided it before and no longer applies. */
  replace: Replacement;
  /** True when the replace still applies (the bump has no effect); false when it applied to the old version only. */
  stillApplies: boolean;
  message: string;
}

const sameReplace = (a: Replacement, b: Replacement) =>
  a.oldPath === b.oldPath && a.oldVersion === b.oldVersion && a.newPath === b.newPath && a.newVersion === b.newVersion;

const target = (r: Replacement) => `${r.newPath}${r.newVersion ? ` ${r.newVersion}` : ''}`;
const written = (r: Replacement) => `replace ${r.oldPath}${r.oldVersion ? ` ${r.oldVersion}` : ''} => ${target(r)}`;

/**
 * Each module whose `require` version differs between the two files while a replace of it is the same in
 * both: unversioned (or at the new version), it still decides the module, so go builds the replacement
 * and the bump changes nothing; at the old version, it no longer applies, so the bump silently drops the
 * fork. A replace by a local directory is not reported. `fileName` names the lines (vendor.mod:180). No I/O.
 */
export function shadowedBumps(before: ModFile, after: ModFile, fileName: string): ShadowedBump[] {
  const oldRequires = new Map(before.requirements.map((r) => [r.path, r]));
  const found: ShadowedBump[] = [];
  for (const now of after.requirements) {
    const was = oldRequires.get(now.path);
    if (!was || was.version === now.version) continue;
    const unchanged = (r: Replacement | undefined) =>
      r !== undefined && before.replacements.some((old) => sameReplace(old, r)) ? r : undefined;
    const active = activeReplacement(after, now.path);
    // A directory replace is the project's own code (moby's ./client, containerd's ./api), not a fork: the
    // requirement is bumped for the module's consumers, who do not see the replace, and that is on purpose.
    if (active && isLocalPath(active.newPath)) continue;
    const deciding = unchanged(active);
    const bump = `${fileName}:${now.line}: require ${now.path} moved ${was.version} → ${now.version}`;
    if (deciding) {
      found.push({
        code: 'replace-shadows-require',
        module: now.path,
        from: was.version,
        to: now.version,
        requireLine: now.line,
        replaceLine: deciding.line,
        replace: deciding,
        stillApplies: true,
        message: `${bump}, but ${fileName}:${deciding.line}: ${written(deciding)} still decides it: the bump has no effect (go builds ${target(deciding)}); update the fork, or drop the replace`,
      });
      continue;
    }
    // A replace of exactly the old version: after the bump it matches nothing, and the fork it pinned is gone.
    const dropped = before.replacements.find(
      (r) =>
        r.oldPath === now.path && r.oldVersion === was.version && after.replacements.some((a) => sameReplace(a, r)),
    );
    if (!dropped) continue;
    const line = after.replacements.find((a) => sameReplace(a, dropped))!.line;
    found.push({
      code: 'replace-shadows-require',
      module: now.path,
      from: was.version,
      to: now.version,
      requireLine: now.line,
      replaceLine: line,
      replace: dropped,
      stillApplies: false,
      message: `${bump}, but ${fileName}:${line}: ${written(dropped)} applies to ${was.version} only: after the bump go builds ${now.path} ${now.version} without it, dropping the fork; update the fork and its replace to the new version, or drop the replace`,
    });
  }
  return found;
}
