import type { MirroredRepository, NetworkMirror } from '../git/network-mirror.js';
import { goVersion } from '../manifest/pseudo-version.js';

/**
 * The version the go command would write for `modulePath` replaced by `repository` at `sha`: read from the
 * network's mirror (fetched beforehand), where the repository's own tags are kept apart from the others'.
 */
export async function moduleVersionAt(
  mirror: NetworkMirror,
  repository: MirroredRepository,
  sha: string,
  modulePath: string,
  /** The module's directory in the repository, when it is not at the root: its tags carry it (`sub/v1.2.3`). */
  subdirectory?: string,
): Promise<string | undefined> {
  const [tags, committed] = await Promise.all([mirror.tagsOf(repository, sha), mirror.committed(sha)]);
  if (committed === undefined) return undefined;
  return goVersion({
    modulePath,
    sha,
    committed,
    tagsAtCommit: tags.at,
    reachableTags: tags.reachable,
    ...(subdirectory ? { subdirectory } : {}),
  });
}
