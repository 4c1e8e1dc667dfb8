import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';

// The folder next to the project where it is developed. A user's clone has no such folder, so nothing the
// project runs may read it: data the tests need is copied into __fixtures__/. Spelled in pieces so that
// this file does not name it.
const SIBLING = ['..', 'shared'];
const NAMES_SIBLING = new RegExp(
  [
    // ../shared, ..\shared, "../../shared"
    String.raw`\.\.[\\/]+${SIBLING[1]}(?![\w-])`,
    // path.join(root, '..', 'shared')
    String.raw`['"\`]\.\.['"\`]\s*,\s*['"\`]${SIBLING[1]}['"\`]`,
  ].join('|'),
);

const SCANNED = ['src', 'test', 'scripts', 'bench', '.ci', 'tools'];
const TOP_LEVEL = ['package.json', 'vitest.config.ts', 'rolldown.config.js', 'eslint.config.js'];

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(full));
    else files.push(full);
  }
  return files;
}

describe('the repository is self-contained', () => {
  it('recognises the ways a path to the development folder can be spelled', () => {
    for (const spelled of [
      `path.resolve(root, '${SIBLING.join('/')}/corpus')`,
      `"../../${SIBLING[1]}/docs"`,
      `path.join(projectRoot, '..', '${SIBLING[1]}', 'corpus')`,
      `cat ${SIBLING.join('\\')}\\corpus`,
    ])
      expect(spelled).toMatch(NAMES_SIBLING);
    for (const innocent of ['sharedSegments(a, b)', "'../shared-cache'", 'path.join(dir, "..", "sharedir")'])
      expect(innocent).not.toMatch(NAMES_SIBLING);
  });

  it(`no file under ${SCANNED.join('/, ')}/ or the top-level configuration names it`, () => {
    const files = [
      ...SCANNED.flatMap((dir) => filesUnder(path.join(projectRoot, dir))),
      ...TOP_LEVEL.map((name) => path.join(projectRoot, name)),
    ].filter((file) => path.resolve(file) !== path.resolve(import.meta.filename));
    // A scan that reads nothing would pass for the wrong reason.
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          NAMES_SIBLING.test(line) ? [`${path.relative(projectRoot, file)}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offenders).toEqual([]);
  });
});
