import { diagnoseModFile } from './core/diagnostics.js';
import { parseModFile } from './core/mod-file.js';
import { diffModFiles } from './core/semantic-diff.js';
import { gitRefOf, moduleEntry } from './core/module-entry.js';
import type { ManifestFormat } from '../../manifest/format.js';

export const goModFormat: ManifestFormat = {
  name: 'go.mod',
  diagnose: (text) => diagnoseModFile(parseModFile(text)),
  diff: (before, after, fileName) => diffModFiles(parseModFile(before), parseModFile(after), fileName),
  pins: (text) => {
    const file = parseModFile(text);
    const pins = new Map(file.requirements.map((r) => [r.path, r.version]));
    for (const r of file.replacements)
      if (r.oldVersion === undefined && r.newVersion) pins.set(r.oldPath, r.newVersion);
    return pins;
  },
  forks: (text) => new Map(parseModFile(text).replacements.map((r) => [r.oldPath, r.newPath])),
  // A tag is the version without go's +incompatible mark; a pseudo-version names its commit.
  gitRef: gitRefOf,
  entries: (text) => {
    const file = parseModFile(text);
    const paths = new Set([...file.requirements.map((r) => r.path), ...file.replacements.map((r) => r.oldPath)]);
    return [...paths].flatMap((path) => moduleEntry(file, path) ?? []).sort((a, b) => a.line - b.line);
  },
  tool: 'go',
};
