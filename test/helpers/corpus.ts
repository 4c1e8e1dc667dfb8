import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The real vendor.conf and go.mod files the tests read: copied into the repository, so a fresh clone has
 * them. VENDORFORK_CORPUS points the tests at another copy laid out the same way.
 */
export const corpusRoot = process.env.VENDORFORK_CORPUS ?? path.join(projectRoot, '__fixtures__/corpus');

/** The rows of a MANIFEST.tsv, keyed by file name: its "#" header lines and column names skipped. */
export function readManifest(file: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  for (const line of lines.slice(1)) {
    const [name, ...fields] = line.split('\t');
    rows.set(name!, fields);
  }
  return rows;
}

export interface CorpusFile {
  /** Path relative to the corpus root, e.g. `moby-sample/2022-01-06_a7d0f3060a.conf`. */
  name: string;
  path: string;
  /** owner/name of the repository the file came from, from MANIFEST.tsv. */
  repository: string;
  text: string;
}

/** Every corpus file. Throws when the corpus is missing, so a broken checkout fails instead of testing nothing. */
export function corpusFiles(): CorpusFile[] {
  const manifest = new Map<string, string>();
  for (const [file, [repository]] of readManifest(path.join(corpusRoot, 'MANIFEST.tsv'))) {
    // The manifest names the moby files by their original folder.
    manifest.set(file.replace(/^moby-history\//, 'moby-sample/'), repository!);
  }
  const files: CorpusFile[] = [];
  for (const folder of ['moby-sample', 'other']) {
    for (const name of readdirSync(path.join(corpusRoot, folder)).sort()) {
      const relative = `${folder}/${name}`;
      const file = path.join(corpusRoot, relative);
      files.push({
        name: relative,
        path: file,
        repository: manifest.get(relative) ?? 'unknown',
        text: readFileSync(file, 'latin1'),
      });
    }
  }
  if (files.length < 268) throw new Error(`expected the 268 corpus files under ${corpusRoot}, found ${files.length}`);
  return files;
}
