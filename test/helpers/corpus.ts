import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusRoot = process.env.VENDORFORK_CORPUS ?? path.resolve(projectRoot, '../shared/corpus');

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
  for (const row of readFileSync(path.join(corpusRoot, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)) {
    const [file, repository] = row.split('\t');
    // The manifest names the moby files by their original folder.
    manifest.set(file!.replace(/^moby-history\//, 'moby-sample/'), repository!);
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
