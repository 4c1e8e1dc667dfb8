import { describe, expect, it } from 'vitest';
import { parseModFile } from '../../src/formats/gomod/core/mod-file.js';
import { shadowedBumps } from '../../src/formats/gomod/core/replace-shadows.js';
import { diffModFiles } from '../../src/formats/gomod/core/semantic-diff.js';
import { unusedReplaceDiagnostics } from '../../src/formats/gomod/core/diagnostics.js';

const file = (require: string, replace: string) =>
  parseModFile(`module example.com/app\n\ngo 1.22\n\nrequire ${require}\n\n${replace}\n`);

describe('shadowedBumps', () => {
  it('names a bump under an unversioned replace the change left alone, with both lines', () => {
    const replace = 'replace github.com/a/m => github.com/me/m v1.2.1-0.20240101000000-0123456789ab';
    const found = shadowedBumps(
      file('github.com/a/m v1.2.0', replace),
      file('github.com/a/m v1.2.3', replace),
      'go.mod',
    );
    expect(found.map((f) => [f.requireLine, f.replaceLine, f.stillApplies, f.message])).toEqual([
      [
        5,
        7,
        true,
        `go.mod:5: require github.com/a/m moved v1.2.0 → v1.2.3, but go.mod:7: ${replace} still decides it: the bump has no effect (go builds github.com/me/m v1.2.1-0.20240101000000-0123456789ab); update the fork, or drop the replace`,
      ],
    ]);
  });

  it('says a replace of exactly the old version stops applying, and the fork goes', () => {
    const replace = 'replace github.com/a/m v1.2.0 => github.com/me/m v1.2.1';
    const [found] = shadowedBumps(
      file('github.com/a/m v1.2.0', replace),
      file('github.com/a/m v1.3.0', replace),
      'vendor.mod',
    );
    expect(found).toMatchObject({ stillApplies: false, requireLine: 5, replaceLine: 7 });
    expect(found!.message).toContain(
      'applies to v1.2.0 only: after the bump go builds github.com/a/m v1.3.0 without it',
    );
  });

  it('says nothing when the replace moved with the requirement, or for a local directory the change added', () => {
    const before = file('github.com/a/m v1.2.0', 'replace github.com/a/m => github.com/me/m v1.2.1');
    expect(
      shadowedBumps(
        before,
        file('github.com/a/m v1.3.0', 'replace github.com/a/m => github.com/me/m v1.3.1'),
        'go.mod',
      ),
    ).toEqual([]);
    expect(
      shadowedBumps(
        file('github.com/a/m v1.2.0', ''),
        file('github.com/a/m v1.3.0', 'replace github.com/a/m => ./m'),
        'go.mod',
      ),
    ).toEqual([]);
    // A directory replace is the project's own module (moby's ./client): its requirement is bumped for consumers.
    expect(
      shadowedBumps(
        file('github.com/a/m v0.5.0', 'replace github.com/a/m => ./m'),
        file('github.com/a/m v0.5.1', 'replace github.com/a/m => ./m'),
        'go.mod',
      ),
    ).toEqual([]);
    // Another module's replace decides nothing about this one.
    expect(
      shadowedBumps(
        file('github.com/a/m v1.2.0', 'replace github.com/a/n => ./n'),
        file('github.com/a/m v1.3.0', 'replace github.com/a/n => ./n'),
        'go.mod',
      ),
    ).toEqual([]);
  });

  it("puts the warning on the module's row of the diff", () => {
    const replace = 'replace github.com/a/m => github.com/me/m v1.2.1';
    const rows = diffModFiles(file('github.com/a/m v1.2.0', replace), file('github.com/a/m v1.2.3', replace), 'go.mod');
    expect(rows).toMatchObject([
      { kind: 'ref', importPath: 'github.com/a/m', warning: { code: 'replace-shadows-require', line: 5, column: 1 } },
    ]);
  });
});

describe('unusedReplaceDiagnostics', () => {
  // moby's vendor.mod and vendor/modules.txt of 2022-10-24 (a4ce46e06c), the lines about its gocsi fork: required
  // (## explicit), no package vendored, and the replace still shapes the graph ("Removes etcd dependency").
  const mod = parseModFile(
    'module github.com/docker/docker\n\ngo 1.18\n\nrequire github.com/rexray/gocsi v1.2.2 // indirect\n\n// Removes etcd dependency\nreplace github.com/rexray/gocsi => github.com/dperny/gocsi v1.2.3-pre\n\nreplace github.com/coreos/pkg => github.com/coreos/pkg v0.0.0-20180108230652-97fdf19511ea\n',
  );
  const txt =
    '# github.com/rexray/gocsi v1.2.2 => github.com/dperny/gocsi v1.2.3-pre\n## explicit; go 1.12\n# github.com/rootless-containers/rootlesskit v1.0.0\n## explicit; go 1.16\ngithub.com/rootless-containers/rootlesskit/pkg/api\n# github.com/coreos/pkg => github.com/coreos/pkg v0.0.0-20180108230652-97fdf19511ea\n# github.com/rexray/gocsi => github.com/dperny/gocsi v1.2.3-pre\n';
  it('reports a replace the listing records alone, not a required module whose replace shapes the graph', () => {
    expect(
      unusedReplaceDiagnostics(mod, txt).map((d) => `${d.line}:${d.column} ${d.code} ${d.message.split(',')[0]}`),
    ).toEqual(['10:9 replace-unused github.com/coreos/pkg is replaced']);
  });
  it('says nothing of a replace the listing does not record (a stale listing is vendor-inconsistent)', () => {
    expect(unusedReplaceDiagnostics(mod, txt.replace(/# github.com\/coreos.*\n/, ''))).toEqual([]);
  });
});
