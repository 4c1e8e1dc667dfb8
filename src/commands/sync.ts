import { openManifest } from '../formats/index.js';
import type { SyncOptions, SyncResult } from '../manifest/sync.js';

export type { SyncChange, SyncOptions, SyncResult } from '../manifest/sync.js';

/**
 * `vendorfork sync`: after the manifest was edited by hand, vendor/ is refreshed for every entry that
 * differs from the base revision (HEAD by default), as one transaction, by the format's tool (vndr for
 * vendor.conf, go mod vendor for a module file); each move is judged as set judges it.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { file, format } = await openManifest(options.cwd, options.file);
  return format.sync(file, options);
}
