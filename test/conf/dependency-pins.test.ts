import { describe, expect, it } from 'vitest';
import { readPins } from '../../src/formats/dependency-pins.js';

describe('readPins', () => {
  it("reads swarmkit's own vendor.conf as vndr does", () => {
    const text =
      '# grpc\ngoogle.golang.org/grpc v1.12.0\ngithub.com/gogo/protobuf v1.0.0 # pinned\n\ngithub.com/golang/protobuf v1.1.0\n';
    expect(readPins('vendor.conf', text)).toEqual(
      new Map([
        ['google.golang.org/grpc', 'v1.12.0'],
        ['github.com/gogo/protobuf', 'v1.0.0'],
        ['github.com/golang/protobuf', 'v1.1.0'],
      ]),
    );
  });

  it("reads dep's Gopkg.lock: the version when a tag was chosen, else the revision", () => {
    const text = [
      '[[projects]]',
      '  branch = "master"',
      '  name = "github.com/beorn7/perks"',
      '  packages = ["quantile"]',
      '  revision = "3a771d992973f24aa725d07868b467d1ddfceafb"',
      '',
      '[[projects]]',
      '  name = "google.golang.org/grpc"',
      '  packages = [".", "codes"]',
      '  revision = "d11072e7ca9811b1100b80ca0269ac831f06d024"',
      '  version = "v1.11.3"',
      '',
      '[solve-meta]',
      '  analyzer-name = "dep"',
    ].join('\n');
    expect(readPins('Gopkg.lock', text)).toEqual(
      new Map([
        ['github.com/beorn7/perks', '3a771d992973f24aa725d07868b467d1ddfceafb'],
        ['google.golang.org/grpc', 'v1.11.3'],
      ]),
    );
  });

  it("reads glide's lock, imports and testImports", () => {
    const text =
      'hash: 1a2b\nupdated: 2017-01-01\nimports:\n- name: github.com/golang/protobuf\n  version: 8ee79997227bf9b34611aee7946ae64735e6fd93\n  subpackages:\n  - proto\n- name: google.golang.org/grpc\n  version: v1.0.4\ntestImports:\n- name: github.com/stretchr/testify\n  version: 69483b4bd14f5845b5a1e55bca19e954e827f1d0\n';
    expect(readPins('glide.lock', text)).toEqual(
      new Map([
        ['github.com/golang/protobuf', '8ee79997227bf9b34611aee7946ae64735e6fd93'],
        ['google.golang.org/grpc', 'v1.0.4'],
        ['github.com/stretchr/testify', '69483b4bd14f5845b5a1e55bca19e954e827f1d0'],
      ]),
    );
  });

  it("reads go.mod's requirements, a replacement standing for the module it replaces", () => {
    const text = [
      'module github.com/moby/swarmkit/v2',
      '',
      'go 1.18',
      '',
      'require google.golang.org/grpc v1.50.1',
      '',
      'require (',
      '\tgithub.com/gogo/protobuf v1.3.2 // indirect',
      '\t"github.com/quoted/path" v0.1.0',
      ')',
      '',
      'replace github.com/gogo/protobuf => github.com/regen-network/protobuf v1.3.3-alpha.regen.1',
    ].join('\n');
    expect(readPins('go.mod', text)).toEqual(
      new Map([
        ['google.golang.org/grpc', 'v1.50.1'],
        ['github.com/gogo/protobuf', 'github.com/regen-network/protobuf v1.3.3-alpha.regen.1'],
        ['github.com/quoted/path', 'v0.1.0'],
      ]),
    );
  });

  it('reads nothing from what is not a vendoring file, without throwing', () => {
    expect(readPins('Gopkg.lock', 'not toml at all').size).toBe(0);
    expect(readPins('go.mod', 'require (\n').size).toBe(0);
  });
});
