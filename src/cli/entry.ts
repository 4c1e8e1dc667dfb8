import { tryFastPath } from './fast-path.js';
import type { Io } from './io.js';

/** The bin's entry: wires the real process in and sets the exit code without cutting output short. */
export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  const fast = await tryFastPath(argv, io);
  if (fast !== undefined) {
    process.exitCode = fast;
    return;
  }
  const { main } = await import('./main.js');
  process.exitCode = await main(argv, io);
}
