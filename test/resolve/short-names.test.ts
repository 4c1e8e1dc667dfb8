import { describe, expect, it } from 'vitest';
import { resolveDependencyName } from '../../src/resolve/short-names.js';

const entries = (...paths: string[]) => paths.map((importPath) => ({ importPath }));

describe('dependency names, for vendor.conf entries and module paths alike', () => {
  it('finds a short name under its /vN module path when the file requires that', () => {
    const moby2024 = entries('github.com/moby/swarmkit/v2', 'github.com/moby/buildkit', 'github.com/docker/docker');
    expect(resolveDependencyName('swarmkit', moby2024, {}, 'vendor.mod')).toBe('github.com/moby/swarmkit/v2');
    expect(resolveDependencyName('buildkit', moby2024, {}, 'vendor.mod')).toBe('github.com/moby/buildkit');
    // vendor.conf's paths win where the file has them, as before.
    expect(resolveDependencyName('swarmkit', entries('github.com/docker/swarmkit'))).toBe('github.com/docker/swarmkit');
  });

  it('takes the last element before /vN, and names the file and the kind of path when nothing matches', () => {
    expect(resolveDependencyName('lib2', entries('github.com/acme/lib2/v2', 'github.com/acme/lib'), {}, 'go.mod')).toBe(
      'github.com/acme/lib2/v2',
    );
    expect(() => resolveDependencyName('nothing', entries('github.com/acme/lib'), {}, 'go.mod')).toThrow(
      'nothing is not an entry of go.mod nor a known short name: write the full module path (github.com/OWNER/REPO)',
    );
  });
});
