import { diagnoseModFile } from '../gomod/diagnostics.js';
import { parseModFile } from '../gomod/mod-file.js';
import { diffModFiles } from '../gomod/semantic-diff.js';
import type { ManifestFormat } from './format.js';

/** A pseudo-version's commit: the 12 hex digits after its timestamp. */
const PSEUDO = /-\d{14}-([0-9a-f]{12})(?:\+incompatible)?$/;

export const goModFormat: ManifestFormat = {
  name: 'go.mod',
  diagnose: (text) => diagnoseModFile(parseModFile(text)),
  diff: (before, after) => diffModFiles(parseModFile(before), parseModFile(after)),
  pins: (text) => {
    const file = parseModFile(text);
    const pins = new Map(file.requirements.map((r) => [r.path, r.version]));
    for (const r of file.replacements)
      if (r.oldVersion === undefined && r.newVersion) pins.set(r.oldPath, r.newVersion);
    return pins;
  },
  // A tag is the version without go's +incompatible mark; a pseudo-version names its commit.
  gitRef: (ref) => PSEUDO.exec(ref)?.[1] ?? ref.replace(/\+incompatible$/, ''),
};
