import path from 'node:path';
import type { Entry } from '../conf/vendor-conf.js';
import { parse } from '../conf/vendor-conf.js';
import { UserError } from '../errors.js';
import { locateConf, readConfText, writeConfText } from '../fs/conf-file.js';
import { readProjectConfig } from '../fs/project-config.js';
import { openGitHub } from '../github/session.js';
import { parseForkSpec } from '../resolve/fork-spec.js';
import { Resolver, type Pin } from '../resolve/resolver.js';
import { resolveDependencyName } from '../resolve/short-names.js';
import type { GoGetFetcher } from '../resolve/upstream.js';
import type { VndrEvent } from '../vndr/runner.js';
import { displayPath } from './check.js';

export interface SetOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** An import path, a short name, or the last element of one entry's import path. */
  dependency: string;
  /** OWNER/REPO@REF, OWNER/REPO, a URL, or @REF. */
  spec: string;
  offline?: boolean;
  keepRef?: boolean;
  dryRun?: boolean;
  comment?: string;
  strict?: boolean;
  githubUrl?: string;
  goGet?: GoGetFetcher;
  /** Only rewrite vendor.conf; leave vendor/ alone. */
  noVndr?: boolean;
  /** vndr to run (default: $VNDR, then PATH). */
  vndr?: string;
  /** Extra -whitelist regular expressions for vndr, on top of .vendorfork.json's. */
  whitelist?: string[];
  onEvent?: (event: VndrEvent) => void;
  signals?: NodeJS.EventEmitter;
}

export interface SetResult {
  file: string;
  displayPath: string;
  importPath: string;
  before?: Entry;
  after: Entry;
  pin: Pin;
  /** False when the file already said this. */
  changed: boolean;
  /** Unified diff of vendor.conf. */
  patch: string;
  dryRun: boolean;
  warnings: string[];
  /** How long vndr took, when it ran. */
  vndr?: { ms: number };
}

export async function set(options: SetOptions): Promise<SetResult> {
  const file = locateConf(options.cwd, options.file);
  const confText = await readConfText(file);
  const conf = parse(confText.text);
  refuseBrokenFile(conf.diagnostics, displayPath(options.cwd, file));
  const config = readProjectConfig(file);
  const importPath = resolveDependencyName(options.dependency, conf.entries, config.shortNames);
  const spec = parseForkSpec(options.spec);
  const runsVndr = !options.noVndr && !options.dryRun;
  let vndrPath: string | undefined;
  if (runsVndr) {
    // Before any request: a missing vndr or a project outside $GOPATH/src would only fail at the end.
    const { locateVndr, checkGoProject } = await import('../vndr/preflight.js');
    vndrPath = locateVndr(options.env, options.vndr);
    await checkGoProject(path.dirname(file), options.env);
  }

  const session = await openGitHub({ env: options.env, offline: options.offline, githubUrl: options.githubUrl });
  let pin: Pin;
  try {
    const resolver = new Resolver({
      ...(session.client ? { client: session.client } : {}),
      cache: session.cache,
      offline: options.offline ?? false,
      webHost: session.config.webHost,
      strict: options.strict,
      keepRef: options.keepRef,
      goGet: options.goGet,
    });
    pin = await resolver.pin(importPath, spec, conf.get(importPath));
  } finally {
    session.close();
  }

  const before = conf.get(importPath);
  const after = conf.set(importPath, {
    ref: pin.ref,
    repository: pin.repositoryUrl,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  });
  const text = conf.toString();
  const changed = text !== confText.text;
  const { createPatch } = await import('diff');
  const shown = displayPath(options.cwd, file);
  const patch = changed ? createPatch(shown, confText.text, text, '', '', { context: 1 }) : '';
  let vndr: { ms: number } | undefined;
  if (changed && !options.dryRun) {
    if (!vndrPath) {
      const { lockTree } = await import('../vndr/lock.js');
      const unlock = await lockTree(path.dirname(file), file);
      try {
        await writeConfText(confText, text);
      } finally {
        await unlock();
      }
    } else {
      const { refreshVendor } = await import('../vndr/transaction.js');
      vndr = await refreshVendor({
        projectDir: path.dirname(file),
        original: confText,
        updated: text,
        importPaths: [importPath],
        vndr: vndrPath,
        whitelist: [...config.whitelist, ...(options.whitelist ?? [])],
        env: options.env,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.signals ? { signals: options.signals } : {}),
      });
    }
  }
  return {
    file,
    displayPath: shown,
    importPath,
    ...(before ? { before } : {}),
    after,
    pin,
    changed,
    patch,
    dryRun: options.dryRun ?? false,
    warnings: pin.warnings,
    ...(vndr ? { vndr } : {}),
  };
}

/** vndr validates the whole file on every run, so an edit on top of an error would only fail later, after a slow clone. */
function refuseBrokenFile(
  diagnostics: { severity: string; code: string; message: string; line: number; column: number }[],
  shown: string,
): void {
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) {
    throw new UserError(
      `${shown}:${error.line}:${error.column}: ${error.code}: ${error.message} (fix this first; vendorfork check lists every problem)`,
    );
  }
}
