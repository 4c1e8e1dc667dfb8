import { parseForkSpec } from '../resolve/fork-spec.js';
import { withResolver } from '../resolve/with-resolver.js';
import { applyPin, prepareEdit, type EditOptions, type EditResult } from './pin-edit.js';

export interface SetOptions extends EditOptions {
  /** OWNER/REPO@REF, OWNER/REPO, a URL, or @REF. */
  spec: string;
}

export type SetResult = EditResult;

/** `vendorfork set`: resolve the spec on GitHub, rewrite the one entry, refresh vendor/ for it. */
export async function set(options: SetOptions): Promise<SetResult> {
  const spec = parseForkSpec(options.spec, { allowFileUrls: options.allowFileUrls });
  const prepared = await prepareEdit(options);
  const pin = await withResolver(options, (resolver) =>
    resolver.pin(prepared.importPath, spec, prepared.conf.get(prepared.importPath)),
  );
  return applyPin(options, prepared, pin);
}
