import { UserError } from '../errors.js';
import { openManifest } from '../formats/index.js';
import type { EditOptions, ManifestEditor } from '../manifest/edit.js';

export type { EditOptions, EditResult, ManifestEditor } from '../manifest/edit.js';

/**
 * The manifest a command edits, opened for one dependency: everything that can fail without the network
 * is checked here, before the network (the file is sound, the name resolves, the tools are there).
 */
export async function openEditor(options: EditOptions): Promise<ManifestEditor> {
  const { file, format } = await openManifest(options.cwd, options.file);
  if (options.build && options.noVndr)
    throw new UserError('--build compiles what was vendored, and --no-vndr vendors nothing: drop one of them');
  return format.openEditor(file, options);
}
