import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * A tool (vndr, go) in a process group of its own, so that an interrupt can stop it and the git processes
 * it started; `kill` sends SIGTERM to the whole group.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): { child: ChildProcessByStdio<null, Readable, Readable>; kill: () => void } {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { child, kill };
}

/**
 * Stops whatever is left of a tool's process group, and waits until nothing is. A vndr (or go) that is
 * killed (by us, or by anyone) leaves its `git clone` running, and git deletes its clone's directory when
 * the clone fails or is signalled: done after the transaction has put vendor/ back, that deletes the
 * directory just restored. SIGKILL runs no cleanup handler; the group is empty once kill(-pgid, 0) finds no
 * process.
 */
export async function emptyGroup(pgid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      return; // ESRCH: no process left in the group
    }
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
