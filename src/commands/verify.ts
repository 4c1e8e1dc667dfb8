import { openManifest } from '../formats/index.js';
import type { VerifyOptions, VerifyResult } from '../manifest/verify.js';

export type { UncheckedReason, VerifiedEntry, VerifyOptions, VerifyResult } from '../manifest/verify.js';

/**
 * `vendorfork verify`: every file vendor/ holds for an entry is byte-identical to the pinned version's,
 * nothing was added, and nothing the vendoring tool would have put there is missing. The format says where
 * the pinned files come from (vendor.conf: the pinned commit's tree; a module: go's module cache).
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const { file, format } = await openManifest(options.cwd, options.file);
  return format.verify(file, options);
}
