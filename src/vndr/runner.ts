import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { vndrRoot } from '../manifest/import-path.js';
import { UserError } from '../errors.js';
import { emptyGroup, spawnGroup } from '../process/group.js';
import type { VendoringEvent } from '../vendoring/tool.js';

export type VndrEvent = VendoringEvent;

export interface VndrCall {
  vndr: string;
  projectDir: string;
  importPath: string;
  whitelist: string[];
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: (event: VndrEvent) => void;
}

/** How a vndr run ended, when it did not succeed. */
export class VndrError extends UserError {
  constructor(
    message: string,
    readonly lastLines: string[],
  ) {
    super(
      lastLines.length > 0 ? `${message}\nvndr's last lines:\n${lastLines.map((l) => `  ${l}`).join('\n')}` : message,
    );
  }
}

/**
 * Git failures no retry can mend. vndr tries a failing clone 20 times, a
 * second apart (clone.go), which suits a flaky network but makes a mistyped
 * ref or repository cost 20 s or more; on these, vndr is stopped after its
 * first failed attempt. Git may print them translated: a message that is not
 * recognised leaves vndr to retry as it always did.
 */
const PERMANENT_CLONE_FAILURES = [
  /reference is not a tree/,
  /did not match any file\(s\) known to git/,
  /does not appear to be a git repository/,
  /Repository not found/i,
  /repository '[^']*' not found/,
  /unknown revision/,
  // GitHub answers a private or missing repository with a request for credentials that no retry brings.
  /could not read Username/,
  /Authentication failed/,
];

/** vndr's own log lines start with a timestamp; git's output inside an error message does not. */
const VNDR_LOG_LINE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /;

/**
 * Reads vndr's output line by line and says, at the first failed clone
 * attempt whose git output shows a failure no retry can mend, which line
 * shows it.
 */
export class CloneFailureWatch {
  private inFailure = false;

  /** The line that makes the failure permanent, once one is seen. */
  see(line: string): string | undefined {
    if (VNDR_LOG_LINE.test(line)) this.inFailure = /attempt \d+\/\d+ finished with error/.test(line);
    if (!this.inFailure) return undefined;
    if (!PERMANENT_CLONE_FAILURES.some((re) => re.test(line))) return undefined;
    // The git message, without vndr's prefix ("... finished with error X: Err: exit status 128, out: fatal: ...").
    return line.replace(/^.*?\bout: /, '').trim();
  }
}

/**
 * `vndr [-whitelist RE]... IMPORT_PATH`: one dependency per call, and never
 * a rev on the command line, because then vndr ignores the fork URL in
 * vendor.conf and clones upstream. vndr logs everything to stderr.
 */
export async function runVndr(call: VndrCall): Promise<void> {
  const { importPath } = call;
  if (importPath.startsWith('-')) throw new UserError(`${importPath}: an import path cannot start with "-"`);
  const args = [...call.whitelist.flatMap((re) => ['-whitelist', re]), importPath];
  const started = Date.now();
  call.onEvent?.({ type: 'start', tool: 'vndr', importPath });
  const lines: string[] = [];
  const { child, kill } = spawnGroup(call.vndr, args, { cwd: call.projectDir, env: call.env });
  const watch = new CloneFailureWatch();
  let hopeless: string | undefined;
  const onLine = (line: string) => {
    if (!line) return;
    lines.push(line);
    if (lines.length > 200) lines.shift();
    call.onEvent?.({ type: 'log', importPath, line });
    if (hopeless === undefined && (hopeless = watch.see(line)) !== undefined) kill();
  };
  // Whole lines only: a chunk can end in the middle of one.
  const flushes = [child.stdout, child.stderr].map((stream) => {
    let rest = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      parts.forEach(onLine);
    });
    return () => onLine(rest);
  });
  call.signal?.addEventListener('abort', kill, { once: true });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode, exitSignal) => {
        flushes.forEach((flush) => flush());
        resolve({ code: exitCode, signal: exitSignal });
      });
    },
  ).finally(() => call.signal?.removeEventListener('abort', kill));
  if (code !== 0 || signal !== null || hopeless !== undefined || call.signal?.aborted) await emptyGroup(child.pid!);
  if (call.signal?.aborted) throw call.signal.reason as Error;
  if (hopeless !== undefined) {
    throw new VndrError(
      `vndr could not clone ${importPath} (${hopeless}); it was stopped rather than left to try 19 more times, and vendor.conf and vendor/ were put back as they were`,
      lines.slice(-12),
    );
  }
  if (code !== 0) {
    const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    throw new VndrError(
      `vndr ${importPath} ${how}; vendor.conf and vendor/ were put back as they were`,
      lines.slice(-12),
    );
  }
  await checkResult(call.projectDir, importPath, lines);
  call.onEvent?.({ type: 'done', tool: 'vndr', importPath, ms: Date.now() - started });
}

/**
 * What vndr can leave behind while exiting 0: a raw clone with .git after a
 * failed checkout, or no .go file left at all (outside $GOPATH/src, or a
 * dependency it wrongly thought unused) while the project imports it.
 */
async function checkResult(projectDir: string, importPath: string, lines: string[]): Promise<void> {
  const root = vndrRoot(importPath) ?? importPath;
  const dir = path.join(projectDir, 'vendor', root);
  if (existsSync(path.join(dir, '.git'))) {
    throw new VndrError(
      `vndr left vendor/${root}/.git behind (a failed checkout leaves a raw clone); vendor.conf and vendor/ were put back as they were`,
      lines.slice(-12),
    );
  }
  if (!hasGoFile(dir) && (await projectImports(projectDir, root))) {
    throw new VndrError(
      `vndr left no .go file in vendor/${root}, which the project imports; vendor.conf and vendor/ were put back as they were`,
      lines.slice(-12),
    );
  }
}

/**
 * Whether any .go file is left under `dir`, looked for breadth first and
 * stopping at the first: a dependency's root directory usually has one, so
 * this is one readdir, where listing a swarmkit-sized tree took ~5 ms.
 */
function hasGoFile(dir: string): boolean {
  const queue = [dir];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    let entries;
    try {
      entries = readdirSync(next, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.go')) return true;
      if (entry.isDirectory()) queue.push(path.join(next, entry.name));
    }
  }
  return false;
}

/** Whether any .go file of the project (or of another vendored package) imports `root` or a package below it. */
async function projectImports(projectDir: string, root: string): Promise<boolean> {
  const needle = new RegExp(`"${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/[^"]*)?"`);
  const ownVendor = path.join(projectDir, 'vendor', root) + path.sep;
  const entries = await fs.readdir(projectDir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.go')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.startsWith(ownVendor) || file.includes(`${path.sep}.git${path.sep}`)) continue;
    if (needle.test(await fs.readFile(file, 'utf8'))) return true;
  }
  return false;
}
