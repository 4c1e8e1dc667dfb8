import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './corpus.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process, the way wrangler and zx test theirs. */
export async function runCli(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
  });
  return { code, stdout, stderr };
}

/** Runs the built bin as a user would: a real process, real exit code. */
const BIN_CACHE = path.join(os.tmpdir(), 'vendorfork-test-bin-cache');

export async function runBin(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot, 'bin/vendorfork.cjs'), ...argv],
      {
        cwd: options.cwd,
        // Its own cache folder unless a test gives one: the bin keeps compiled code there (src/cli/compile-cache.ts).
        env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: BIN_CACHE, ...options.env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A fresh temporary directory, removed when the test ends. */
export function tempDir(prefix = 'vendorfork-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A URL on 127.0.0.1 where nothing listens: GitHub's API unreachable, refused at once. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  return url;
}
