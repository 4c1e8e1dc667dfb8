import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';

// The pre-commit framework runs the hook only for commits that stage a file its `files:` pattern matches: the
// same paths the installed hook watches (src/commands/hook.ts), at any depth, and nothing else.
describe('.pre-commit-hooks.yaml', () => {
  const yaml = readFileSync(path.join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8');
  const files = new RegExp(/^\s*files:\s*(.+)$/m.exec(yaml)![1]!);

  it.each([
    ['vendor.conf', true],
    ['components/engine/vendor.conf', true],
    ['vendor/github.com/a/b/b.go', true],
    ['components/engine/vendor/github.com/a/b/b.go', true],
    ['.vendorfork.json', true],
    ['vendor.mod', true],
    ['vendor.sum', true],
    ['go.mod', true],
    ['api/go.sum', true],
    ['go.mod.orig', false],
    ['ago.mod', false],
    ['notgo.sum', false],
    ['package.json', false],
    ['README.md', false],
    ['vendored/x.go', false],
    ['myvendor.conf', false],
    ['vendor.conf.orig', false],
  ])('%s: %s', (file, runs) => {
    expect(files.test(file)).toBe(runs);
  });
});
