import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { snapshotDirs } from '../../src/vendoring/lock.js';
import { VendorSnapshot } from '../../src/vendoring/snapshot.js';
import { tempDir } from '../helpers/cli.js';
import { treeHash } from '../helpers/go-project.js';

/** A vendor/ with a nested file, an executable and a symlink. */
function vendorTree(dir: string): string {
  const vendor = path.join(dir, 'vendor');
  mkdirSync(path.join(vendor, 'github.com/a/b/sub'), { recursive: true });
  writeFileSync(path.join(vendor, 'github.com/a/b/b.go'), 'package b\n');
  writeFileSync(path.join(vendor, 'github.com/a/b/sub/run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  execFileSync('ln', ['-s', 'b.go', path.join(vendor, 'github.com/a/b/link.go')]);
  return vendor;
}

const modes = (dir: string) =>
  Object.fromEntries(Object.keys(treeHash(dir)).map((f) => [f, statSync(path.join(dir, f)).mode]));

describe('snapshotDirs', () => {
  it('never puts the snapshot inside the project directory, which vndr walks', () => {
    const root = tempDir();
    const atRoot = path.join(root, 'gopath/src/github.com/example/daemon');
    mkdirSync(path.join(atRoot, '.git'), { recursive: true });
    const below = path.join(atRoot, 'components/engine');
    mkdirSync(below, { recursive: true });
    for (const project of [atRoot, below, path.join(root, 'no-git')]) {
      for (const dir of snapshotDirs(project)) expect(path.relative(project, dir)).toMatch(/^\.\./);
    }
    expect(snapshotDirs(atRoot)[0]).toBe(path.join(root, 'gopath/src/github.com/example/.daemon.vendorfork-snapshot'));
    expect(snapshotDirs(below)[0]).toBe(path.join(atRoot, '.git/vendorfork/components__engine/vendor-backup'));
  });
});

describe('VendorSnapshot', () => {
  it('moves on to the next place when one cannot be created', async () => {
    const dir = tempDir();
    const vendor = vendorTree(dir);
    writeFileSync(path.join(dir, 'a-file'), '');
    const before = treeHash(vendor);
    const snapshot = await VendorSnapshot.take(vendor, [path.join(dir, 'a-file/snapshot'), path.join(dir, 'second')]);
    expect(treeHash(path.join(dir, 'second'))).toEqual(before);
    rmSync(path.join(vendor, 'github.com/a/b/b.go'));
    await snapshot.restore();
    expect(treeHash(vendor)).toEqual(before);
  });

  it('moves the directory vndr replaces into the snapshot, and puts it back on restore', async () => {
    const dir = tempDir();
    const vendor = vendorTree(dir);
    mkdirSync(path.join(vendor, 'github.com/c/d'), { recursive: true });
    writeFileSync(path.join(vendor, 'github.com/c/d/d.go'), 'package d\n');
    const [before, beforeModes] = [treeHash(vendor), modes(vendor)];
    const inode = statSync(path.join(vendor, 'github.com/a/b')).ino;
    const snapshot = await VendorSnapshot.take(vendor, [path.join(dir, 'snapshot')], 'github.com/a/b');
    // Gone from vendor/, as after vndr's own RemoveAll; the snapshot holds the whole tree, the moved directory itself.
    expect(existsSync(path.join(vendor, 'github.com/a/b'))).toBe(false);
    expect(treeHash(path.join(dir, 'snapshot'))).toEqual(before);
    expect(statSync(path.join(dir, 'snapshot/github.com/a/b')).ino).toBe(inode);
    expect(existsSync(path.join(dir, 'snapshot.moving'))).toBe(false);
    mkdirSync(path.join(vendor, 'github.com/a/b'));
    writeFileSync(path.join(vendor, 'github.com/a/b/b.go'), 'package b // the half clone of a failed vndr\n');
    rmSync(path.join(vendor, 'github.com/c/d/d.go'));
    await snapshot.restore();
    expect(treeHash(vendor)).toEqual(before);
    expect(modes(vendor)).toEqual(beforeModes);
  });

  it('moves vendor/ itself aside for go mod vendor, which deletes it whole, and puts it back on restore', async () => {
    const dir = tempDir();
    const vendor = vendorTree(dir);
    const [before, beforeModes] = [treeHash(vendor), modes(vendor)];
    const inode = statSync(vendor).ino;
    const snapshot = await VendorSnapshot.take(vendor, [path.join(dir, 'snapshot')], '.');
    expect(existsSync(vendor)).toBe(false);
    expect(statSync(path.join(dir, 'snapshot')).ino).toBe(inode);
    expect(treeHash(path.join(dir, 'snapshot'))).toEqual(before);
    mkdirSync(path.join(vendor, 'github.com/x'), { recursive: true });
    writeFileSync(path.join(vendor, 'github.com/x/half.go'), 'package x // what a failed go mod vendor left\n');
    await snapshot.restore();
    expect(treeHash(vendor)).toEqual(before);
    expect(modes(vendor)).toEqual(beforeModes);
  });

  it('links the directory it would move when the snapshot is on another file system', async () => {
    const dir = tempDir();
    const vendor = vendorTree(dir);
    const other = mkdtempSync(path.join('/dev/shm', 'vendorfork-'));
    onTestFinished(() => rmSync(other, { recursive: true, force: true }));
    const before = treeHash(vendor);
    const snapshot = await VendorSnapshot.take(vendor, [path.join(other, 'snapshot')], 'github.com/a/b');
    expect(treeHash(vendor)).toEqual(before);
    expect(treeHash(path.join(other, 'snapshot'))).toEqual(before);
    rmSync(path.join(vendor, 'github.com/a/b'), { recursive: true });
    await snapshot.restore();
    expect(treeHash(vendor)).toEqual(before);
  });

  it('copies to and from another file system, and restores bytes and modes', async () => {
    const shm = '/dev/shm';
    // This machine's /dev/shm is a tmpfs, another device than the temporary folder: the EXDEV paths run for real.
    expect(statSync(shm).dev).not.toBe(statSync(os.tmpdir()).dev);
    const dir = tempDir();
    const vendor = vendorTree(dir);
    const other = mkdtempSync(path.join(shm, 'vendorfork-'));
    onTestFinished(() => rmSync(other, { recursive: true, force: true }));
    const [before, beforeModes] = [treeHash(vendor), modes(vendor)];
    const snapshot = await VendorSnapshot.take(vendor, [path.join(other, 'snapshot')]);
    writeFileSync(path.join(vendor, 'github.com/a/b/b.go'), 'package b // changed by vndr\n');
    writeFileSync(path.join(vendor, 'github.com/a/b/new.go'), 'package b\n');
    await snapshot.restore();
    expect(treeHash(vendor)).toEqual(before);
    expect(modes(vendor)).toEqual(beforeModes);
  });
});
