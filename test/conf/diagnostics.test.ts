import { describe, expect, it } from 'vitest';
import { knownRoot, parse, type Diagnostic } from '../../src/formats/vendor-conf/core/index.js';
import { corpusFiles } from '../helpers/corpus.js';

const SHA = '4f2ab0ba1a2d0a9b1fe8e8cc4da3d6cc6fb4bcf8';
const codes = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

describe('diagnostics', () => {
  it.each<[string, string, string[]]>([
    ['a valid file', `# deps\ngithub.com/a/b ${SHA} # note\ngithub.com/c/d v1.0.0 https://github.com/me/d\n`, []],
    ['one field', `github.com/a/b ${SHA}\ngithub.com/c/d\n`, ['2:1 error field-count']],
    ['four fields', `x ${SHA} https://github.com/a/b extra\n`, ['1:1 error trash-dialect']],
    [
      'a URL fragment is a comment',
      `github.com/a/b ${SHA} https://github.com/me/b.git#frag\n`,
      ['1:84 warning comment-in-field'],
    ],
    ['five fields', `github.com/a/b ${SHA} https://github.com/a/b extra more\n`, ['1:80 error field-count']],
    [
      'a # inside a field cuts the line',
      `github.com/a/b v1#x https://github.com/me/b\n`,
      ['1:18 warning comment-in-field'],
    ],
    ['duplicate import paths', `github.com/a/b v1.0.0\ngithub.com/a/b v2.0.0\n`, ['2:1 error duplicate-import-path']],
    [
      'two entries with one root',
      `github.com/a/b v1.0.0\ngithub.com/a/b/c v2.0.0\n`,
      ['2:1 error not-repository-root', '2:1 error duplicate-root'],
    ],
    ['a package path', 'golang.org/x/net/context v1.0.0\n', ['1:1 error not-repository-root']],
    ['a /vN path is its own root', 'github.com/coreos/go-systemd v17\ngithub.com/coreos/go-systemd/v22 v22.0.0\n', []],
    [
      'an option in the URL',
      `github.com/a/b ${SHA} --upload-pack=touch\n`,
      ['1:57 error unsafe-value', '1:57 warning scheme-less-url'],
    ],
    ['a remote helper', `github.com/a/b ${SHA} ext::sh\n`, ['1:57 error unsafe-value', '1:57 warning scheme-less-url']],
    ['an option as ref', `github.com/a/b -oProxyCommand=x\n`, ['1:16 error unsafe-value']],
    ['git://', `github.com/a/b ${SHA} git://github.com/me/b.git\n`, ['1:57 warning git-protocol-url']],
    ['scp-style', `github.com/a/b ${SHA} git@github.com:me/b.git\n`, ['1:57 warning scp-url']],
    ['no scheme', `github.com/a/b ${SHA} github.com/me/b\n`, ['1:57 warning scheme-less-url']],
    ['a file URL', `github.com/a/b ${SHA} file:///srv/b\n`, ['1:57 warning file-url']],
    [
      'a branch',
      'github.com/a/b master\ngithub.com/c/d release-1.13\n',
      ['1:16 warning branch-ref', '2:16 warning branch-ref'],
    ],
    ['a short SHA', 'github.com/a/b 268f203\n', ['1:16 warning short-sha']],
    ['a truncated SHA', `github.com/a/b ${SHA.slice(0, 35)}\n`, ['1:16 warning truncated-sha']],
    [
      'a redundant third field',
      `github.com/a/b ${SHA} https://github.com/a/b.git\n`,
      ['1:57 warning redundant-repository'],
    ],
    ['a vanity path on its GitHub mirror is fine', `golang.org/x/net ${SHA} https://github.com/golang/net\n`, []],
    ['trash: bare project line', `github.com/me/project\ngithub.com/a/b ${SHA}\n`, ['1:1 error trash-dialect']],
    ['trash: -path exclusion', `github.com/a/b ${SHA}\n-path vendor/x\n`, ['2:1 error trash-dialect']],
    [
      'trash: options field',
      `github.com/a/b ${SHA} https://github.com/a/b transitive=true\n`,
      ['1:1 error trash-dialect'],
    ],
    ['tabs and CRLF', `\tgithub.com/a/b\t${SHA}\r\ngithub.com/a/b\tv1\r\n`, ['2:1 error duplicate-import-path']],
  ])('%s', (_name, text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('reports a line vndr cannot read (64 KiB)', () => {
    expect(codes(`github.com/a/b v1 # ${'x'.repeat(70_000)}\n`)).toEqual(['1:1 error line-too-long']);
  });

  it('gives every diagnostic a message that says what to do', () => {
    const all: Diagnostic[] = parse(
      `github.com/a/b\ngithub.com/a/b master git://x\ngithub.com/a/b v1\n-path x\ngithub.com/c/d 268f203 --x\n`,
    ).diagnostics;
    expect(all.length).toBeGreaterThan(4);
    for (const d of all) expect(d.message).toMatch(/[:;] /);
  });

  describe('on the corpus', () => {
    const files = corpusFiles();
    it('finds no error in any moby or docker/cli file', () => {
      const docker = files.filter((f) => f.repository === 'moby/moby' || f.repository === 'docker/cli');
      expect(docker.length).toBeGreaterThanOrEqual(53);
      for (const file of docker) {
        expect(
          parse(file.text).diagnostics.filter((d) => d.severity === 'error'),
          file.name,
        ).toEqual([]);
      }
    });

    it('reports the trash-dialect files instead of crashing', () => {
      const trash = files.filter((f) => /rancher|quorum|AlekSi__trash/i.test(f.name));
      expect(trash.length).toBeGreaterThan(5);
      const reported = trash.filter((f) => parse(f.text).diagnostics.some((d) => d.code === 'trash-dialect'));
      expect(reported.length).toBeGreaterThan(5);
    });
  });
});

describe('knownRoot', () => {
  it.each([
    ['github.com/docker/docker/pkg/term', 'github.com/docker/docker', 'docker/docker'],
    ['golang.org/x/net/context', 'golang.org/x/net', 'golang/net'],
    ['gopkg.in/yaml.v2', 'gopkg.in/yaml.v2', 'go-yaml/yaml'],
    ['gopkg.in/square/go-jose.v2/jwt', 'gopkg.in/square/go-jose.v2', 'square/go-jose'],
    ['k8s.io/client-go', 'k8s.io/client-go', 'kubernetes/client-go'],
    ['sigs.k8s.io/yaml', 'sigs.k8s.io/yaml', 'kubernetes-sigs/yaml'],
    ['google.golang.org/grpc/codes', 'google.golang.org/grpc', 'grpc/grpc-go'],
    ['go.etcd.io/bbolt', 'go.etcd.io/bbolt', 'etcd-io/bbolt'],
    ['gotest.tools/v3', 'gotest.tools', 'gotestyourself/gotest.tools'],
    ['cloud.google.com/go', 'cloud.google.com/go', 'googleapis/google-cloud-go'],
    ['bitbucket.org/ww/goautoneg', 'bitbucket.org/ww/goautoneg', undefined],
  ])('%s', (importPath, root, github) => {
    expect(knownRoot(importPath)).toEqual(github ? { root, github } : { root });
  });

  it('knows the root of every import path host in the corpus but a handful', () => {
    const unknown = new Set<string>();
    for (const file of corpusFiles())
      for (const e of parse(file.text).entries) if (!knownRoot(e.importPath)) unknown.add(e.importPath);
    expect([...unknown].filter((p) => !/^[a-z]/.test(p) || p.includes('.')).length).toBeLessThan(15);
  });
});
