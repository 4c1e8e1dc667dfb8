import type { VerifiedEntry, VerifyResult } from '../../manifest/verify.js';

/**
 * Verifies `items` a few at a time, in order of the results, telling `onEntry` of each as it is done: the
 * pool both verify implementations (vendor.conf's clones, the module cache) run their entries in.
 */
export async function verifyEach<T>(
  items: readonly T[],
  concurrency: number,
  verifyOne: (item: T) => Promise<VerifiedEntry>,
  onEntry?: (result: VerifiedEntry) => void,
): Promise<VerifiedEntry[]> {
  const results: VerifiedEntry[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const result = await verifyOne(items[index]!);
      results[index] = result;
      onEntry?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** The result of a verify run: what matches, what differs, what could not be checked (which is neither). */
export function verifyResult(file: string, displayPath: string, entries: VerifiedEntry[]): VerifyResult {
  const counts = {
    match: entries.filter((r) => r.status === 'ok').length,
    differ: entries.filter((r) => r.status === 'modified').length,
    unchecked: entries.filter((r) => r.status === 'unchecked').length,
  };
  return { file, displayPath, entries, counts, ok: counts.match === entries.length };
}
