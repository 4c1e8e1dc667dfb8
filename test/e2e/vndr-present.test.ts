import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';
import { testVndr, vndrVersion } from '../helpers/vndr.js';

// The end-to-end tests must run wherever the suite runs, CI above all: this
// fails when vndr is missing, and when anyone makes a vndr test skippable.
describe('the vndr tests cannot be skipped', () => {
  it('finds vndr v0.1.2', () => {
    expect(vndrVersion(testVndr())).toBe('v0.1.2');
  });

  it('has no skipped, todo or conditional tests among the end-to-end files', () => {
    const dir = path.join(projectRoot, 'test/e2e');
    const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/\.(skip|todo|skipIf|runIf|only)\b/);
    }
  });
});
