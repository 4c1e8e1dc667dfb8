import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOf, MANIFEST_NAMES, openManifest } from '../../src/formats/index.js';

describe('the format registry (src/formats/index.ts)', () => {
  it('searches each folder for vendor.conf, then vendor.mod, then go.mod', () => {
    expect(MANIFEST_NAMES).toEqual(['vendor.conf', 'vendor.mod', 'go.mod']);
  });

  it('picks a file given by name: any *.mod is a module file, any other name is read as vndr -conf reads it', async () => {
    expect((await formatOf('/p/vendor.conf')).name).toBe('vendor.conf');
    expect((await formatOf('/p/go.mod')).name).toBe('go.mod');
    expect((await formatOf('/p/hack/other.mod')).name).toBe('go.mod');
    expect((await formatOf('/p/deps.txt')).name).toBe('vendor.conf');
  });

  it('finds vendor.conf before a go.mod beside it, as a vndr-era project vendors with vndr', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vf-registry-'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/p\n');
    expect((await openManifest(dir)).format.name).toBe('go.mod');
    writeFileSync(path.join(dir, 'vendor.conf'), 'github.com/a/b v1.0.0\n');
    const opened = await openManifest(dir);
    expect([path.basename(opened.file), opened.format.tool]).toEqual(['vendor.conf', 'vndr']);
  });

  it('holds formats that each implement the whole interface, with the same members', async () => {
    const formats = await Promise.all(['vendor.conf', 'go.mod'].map((name) => formatOf(`/p/${name}`)));
    const members = formats.map((format) => Object.keys(format).sort());
    expect(members[1]).toEqual(members[0]);
    for (const format of formats)
      for (const method of [
        'diagnose',
        'diff',
        'pins',
        'forks',
        'gitRef',
        'entries',
        'localDiagnostics',
        'onlineDiagnostics',
        'stagedDiagnostics',
        'orphans',
        'openEditor',
        'sync',
        'verify',
      ] as const)
        expect(typeof format[method], `${format.name}.${method}`).toBe('function');
  });
});
