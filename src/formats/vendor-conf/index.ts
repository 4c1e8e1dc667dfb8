import type { ManifestFormat } from '../../manifest/format.js';
import { lowestRelease } from '../../manifest/release-tags.js';
import { diffConfs } from './core/semantic-diff.js';
import { forkTargets, parse } from './core/vendor-conf.js';

/**
 * vndr's vendor.conf (moby until 2022): `IMPORT_PATH REF [FORK_URL]` lines, vendored by vndr. The reading
 * half is the pure core (core/); the commands' bodies load when called.
 */
export const vendorConfFormat: ManifestFormat = {
  name: 'vendor.conf',
  tool: 'vndr',
  words: {
    cannotClone: 'vndr cannot clone it',
    cannotCheckout: 'vndr will fail to check it out',
    unreachablePin: 'vndr clones the fork and will fail to check it out',
    unreachableStatus: 'the next vndr run will fail',
  },
  commentMarker: '#',
  diagnose: (text) => parse(text).diagnostics,
  diff: (before, after) => diffConfs(parse(before), parse(after)),
  pins: (text) => parse(text).pins,
  forks: (text) => forkTargets(parse(text).entries),
  gitRef: (ref) => ref,
  entries: (text) => parse(text).entries,
  // vndr takes any commit: a release is its tag, and reset without a ref goes back to where the fork began.
  removal: {
    firstRelease: (tags) => lowestRelease(tags),
    refForRelease: (_text, _importPath, tag) => tag,
    refForMerged: () => undefined,
  },
  // What plain check reads beyond the file (orphans, hand edits) is the staged guard's, which reads the index.
  localDiagnostics: async () => [],
  // The fork checks every format shares are all vndr needs: it clones whatever the line names.
  onlineDiagnostics: async () => ({ diagnostics: [] }),
  async stagedDiagnostics(file, env, options) {
    const { stagedDiagnostics } = await import('./staged.js');
    const { conf, diagnostics } = await stagedDiagnostics(file, env, options);
    // Only the online checks read the staged text back; the hook's plain run has no use for it.
    return { diagnostics, ...(options.online ? { text: conf.toString() } : {}) };
  },
  orphans: async (file, env) => (await import('./staged.js')).indexOrphans(file, env),
  openEditor: async (file, options) => (await import('./edit.js')).openVendorConfEditor(file, options),
  sync: async (file, options) => (await import('./sync.js')).syncVendorConf(file, options),
  verify: async (file, options) => (await import('./verify.js')).verifyVendorConf(file, options),
};
