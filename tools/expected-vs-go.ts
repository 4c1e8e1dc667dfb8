// Run by hand, never by npm test: `npx tsx tools/expected-vs-go.ts DIR [vendor.mod|go.mod]`.
// Compares the tree vendorfork expects under DIR/vendor (src/formats/gomod/core/vendor-expected.ts, from the module
// cache) with what `go mod vendor -o TMP` writes there, offline (GOPROXY=off), for every module of
// DIR/vendor/modules.txt. Prints the files only one side has and the files whose bytes differ.
// For moby's vendor.mod, a stub go.mod is written beside it for the run (as hack/with-go-mod.sh does).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseModFile } from '../src/formats/gomod/core/mod-file.js';
import { parseModulesTxt } from '../src/formats/gomod/core/modules-txt.js';
import { expectedModule } from '../src/formats/gomod/vendor-tree.js';
import { blobId } from '../src/git/blob-id.js';

const dir = path.resolve(process.argv[2] ?? '.');
const modName = process.argv[3] ?? (existsSync(path.join(dir, 'vendor.mod')) ? 'vendor.mod' : 'go.mod');
const env = { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOWORK: 'off' };
const out = mkdtempSync(path.join(os.tmpdir(), 'expected-vs-go-'));
const stub = modName === 'vendor.mod' && !existsSync(path.join(dir, 'go.mod'));
try {
  if (stub) writeFileSync(path.join(dir, 'go.mod'), 'module github.com/docker/docker\n');
  const started = performance.now();
  execFileSync('go', ['mod', 'vendor', '-o', out, ...(modName === 'vendor.mod' ? ['-modfile=vendor.mod'] : [])], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const goMs = performance.now() - started;
  const list = parseModulesTxt(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8'));
  const goVersion = parseModFile(readFileSync(path.join(dir, modName), 'utf8')).goVersion ?? '1.16';
  const expected = new Map<string, string>();
  const ours = performance.now();
  for (const module of list.versions.keys()) {
    const found = await expectedModule(module, list, goVersion, { projectDir: dir, env });
    if (!found.ok) console.log(`unavailable: ${module} (${found.why})`);
    else for (const [file, blob] of found.files) expected.set(file, blob);
  }
  const oursMs = performance.now() - ours;
  const written = new Map<string, string>();
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.relative(out, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (file !== 'modules.txt') written.set(file, blobId(readFileSync(path.join(out, file))));
  }
  const problems: string[] = [];
  for (const [file, blob] of written) {
    if (!expected.has(file)) problems.push(`go only:   ${file}`);
    else if (expected.get(file) !== blob) problems.push(`differs:   ${file}`);
  }
  for (const file of expected.keys()) if (!written.has(file)) problems.push(`ours only: ${file}`);
  for (const line of problems) console.log(line);
  const txtSame =
    readFileSync(path.join(out, 'modules.txt'), 'utf8') === readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8');
  console.log(
    `${dir}: ${list.versions.size} modules, go wrote ${written.size} files, vendorfork expects ${expected.size}; ${problems.length} disagreements; modules.txt ${txtSame ? 'same' : 'differs'} (go ${goMs.toFixed(0)} ms, vendorfork ${oursMs.toFixed(0)} ms)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
} finally {
  if (stub) rmSync(path.join(dir, 'go.mod'), { force: true });
  rmSync(out, { recursive: true, force: true });
}
