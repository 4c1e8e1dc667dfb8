import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, type VendorConf } from '../../src/formats/vendor-conf/core/index.js';
import { projectRoot } from '../helpers/corpus.js';

// Golden tests in the style of golang.org/x/mod/modfile: each `STYLE.in` is
// edited by each edit below and compared with `STYLE.EDIT.golden`.
// UPDATE_GOLDEN=1 rewrites the goldens; review them with `git diff` before committing.
const FIXTURES = path.join(projectRoot, '__fixtures__/edits');
const FULL_SHA = '268f2033e9cd3ea8c5e4cd4ed0bc7d8c3e0a0c35';

const EDITS: Record<string, (conf: VendorConf) => void> = {
  'set-ref': (conf) => conf.set('github.com/docker/go-connections', { ref: 'v0.5.0' }),
  'set-longer-ref': (conf) => conf.set('github.com/stretchr/testify', { ref: FULL_SHA }),
  fork: (conf) =>
    conf.set('github.com/docker/docker', { ref: FULL_SHA, repository: 'https://github.com/cirocosta/docker' }),
  'change-fork': (conf) =>
    conf.set('github.com/docker/swarmkit', { ref: FULL_SHA, repository: 'https://github.com/cirocosta/swarmkit' }),
  unfork: (conf) => conf.set('github.com/docker/swarmkit', { ref: 'v1.12.0', repository: null }),
  add: (conf) =>
    conf.set('github.com/docker/libnetwork', { ref: FULL_SHA, repository: 'https://github.com/cirocosta/libnetwork' }),
  'add-unrelated': (conf) => conf.set('github.com/urfave/cli', { ref: 'v1.22.1' }),
  remove: (conf) => conf.remove('github.com/stretchr/testify'),
  comment: (conf) => conf.set('github.com/docker/docker', { comment: 'https://github.com/moby/moby/pull/38000' }),
  uncomment: (conf) => conf.set('github.com/docker/go-connections', { comment: null }),
};

const styles = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.in'))
  .map((name) => name.slice(0, -3));

describe('edit goldens', () => {
  it('has the six layouts the issue names', () => {
    expect(styles.sort()).toEqual([
      'aligned',
      'crlf',
      'inline-comments',
      'no-final-newline',
      'single-space',
      'tab-separated',
    ]);
  });

  for (const style of styles) {
    for (const [edit, apply] of Object.entries(EDITS)) {
      it(`${style}: ${edit}`, () => {
        const input = readFileSync(path.join(FIXTURES, `${style}.in`), 'utf8');
        const conf = parse(input);
        apply(conf);
        const output = conf.toString();
        const golden = path.join(FIXTURES, `${style}.${edit}.golden`);
        if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
          if (process.env.CI) throw new Error(`missing golden ${golden}`);
          writeFileSync(golden, output);
        }
        expect(output).toBe(readFileSync(golden, 'utf8'));
        // An edit never changes the line endings or the number of untouched lines.
        expect(output.includes('\r\n')).toBe(input.includes('\r\n'));
        expect(output.endsWith('\n')).toBe(input.endsWith('\n'));
        // The edited file reads back to what was asked, with no new diagnostics.
        const before = new Set(parse(input).diagnostics.map((d) => d.code));
        expect(parse(output).diagnostics.filter((d) => !before.has(d.code))).toEqual([]);
      });
    }
  }
});
