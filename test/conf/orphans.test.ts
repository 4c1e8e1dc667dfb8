import { describe, expect, it } from 'vitest';
import { groupOrphans, whitelistFor } from '../../src/formats/vendor-conf/core/orphans.js';

const roots = ['github.com/docker/swarmkit', 'github.com/acme/util', 'golang.org/x/net'];

describe('groupOrphans', () => {
  it("reports moby's hand-vendored archive/tar once, as the directory a person would whitelist", () => {
    const files = [
      'common.go',
      'format.go',
      'reader.go',
      'stat_actime1.go',
      'stat_unix.go',
      'strconv.go',
      'writer.go',
      'LICENSE',
      'README.md',
      'stat_actime2.go',
    ].map((f) => `archive/tar/${f}`);
    const [orphan, ...rest] = groupOrphans(files, roots);
    expect(rest).toEqual([]);
    expect(orphan).toEqual({ path: 'archive/tar', files: [...files].sort(), whitelist: '^archive[/\\\\]tar' });
    // It keeps what it names, and nothing beside it.
    const keeps = new RegExp(orphan!.whitelist);
    expect(files.every((f) => keeps.test(f))).toBe(true);
    expect(keeps.test('archive/zip/reader.go')).toBe(false);
    expect(keeps.test('archive\\tar\\reader.go')).toBe(true);
  });

  it('stops at the top-most directory with no entry inside, and names the deepest one its files share', () => {
    expect(
      groupOrphans(
        [
          'github.com/stale/lib/a.go',
          'github.com/stale/lib/sub/b.go',
          'github.com/stale/other/c.go',
          'gopkg.in/yaml.v2/yaml.go',
        ],
        roots,
      ).map((o) => [o.path, o.files.length, o.whitelist]),
    ).toEqual([
      ['github.com/stale', 3, '^github\\.com[/\\\\]stale'],
      ['gopkg.in/yaml.v2', 1, '^gopkg\\.in[/\\\\]yaml\\.v2'],
    ]);
  });

  it('makes a file of its own a group when every directory above it holds an entry', () => {
    expect(groupOrphans(['github.com/acme/notes.go', 'modules.txt'], roots)).toEqual([
      {
        path: 'github.com/acme/notes.go',
        files: ['github.com/acme/notes.go'],
        whitelist: '^github\\.com[/\\\\]acme[/\\\\]notes\\.go$',
      },
      { path: 'modules.txt', files: ['modules.txt'], whitelist: '^modules\\.txt$' },
    ]);
  });

  it('escapes what a regular expression would read', () => {
    expect(whitelistFor('github.com/a+b/c(d)')).toBe('^github\\.com[/\\\\]a\\+b[/\\\\]c\\(d\\)');
    expect(groupOrphans([], roots)).toEqual([]);
  });
});
