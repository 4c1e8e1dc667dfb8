import Module from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Keeps V8's compiled code for the CLI's chunks between runs, so a command
 * does not compile the same functions again each time it starts: 8-15 ms of
 * `check --staged`, which the pre-commit hook runs, measured side by side
 * (docs/benchmarks.md). Node 22.1 and later do this themselves
 * (`module.enableCompileCache`), which is used when present. On Node 20 the
 * chunks are compiled through `vm.Script` with the data kept from an earlier
 * run, and the data is written when the process exits, so it holds the
 * functions that run compiled, not only the top level.
 *
 * Only chunks whose file name carries a hash of their content are cached, so
 * a kept file never belongs to other code; V8 refuses data from another V8
 * version or other flags, and that data is then made again. Anything that
 * goes wrong here costs the speed-up, never the command: the bin calls this
 * inside a try. `VENDORFORK_NO_COMPILE_CACHE=1` turns it off.
 */
export function enableCompileCache(binDir: string, env: NodeJS.ProcessEnv): void {
  if (env.VENDORFORK_NO_COMPILE_CACHE) return;
  // As cacheDir() in src/fs/cache-dir.ts; not imported, so this chunk loads nothing of the CLI before it runs.
  const dir = path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'vendorfork', 'v8');
  const builtin = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtin === 'function') {
    builtin(path.join(dir, 'node'));
    return;
  }
  const kept = path.join(dir, `${process.versions.v8}-${process.arch}`);
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  const made: { file: string; script: vm.Script }[] = [];
  proto._compile = function (this: Module, content: string, filename: string) {
    // A chunk with import() (of simple-git, ora) is left to Node: in a vm.Script, import() needs Node's loader
    // passed in, which Node 20 reports as an experimental feature on stderr.
    if (path.dirname(filename) !== binDir || !/-[\w-]{8}\.cjs$/.test(filename) || content.includes('import(')) {
      return compile.call(this, content, filename);
    }
    const file = path.join(kept, path.basename(filename));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // not kept yet
    }
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) made.push({ file, script });
    return script
      .runInThisContext({ displayErrors: true })
      .call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { file, script } of made) {
      try {
        mkdirSync(kept, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, file);
      } catch {
        // a cache that cannot be written is only slower
      }
    }
  });
}

/** The `require` a CommonJS module is given, as Node's own loader builds it. */
function requireFor(module: Module): NodeJS.Require {
  const internals = Module as unknown as {
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
    _cache: NodeJS.Require['cache'];
    _extensions: NodeJS.Require['extensions'];
  };
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: unknown) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.main = process.mainModule;
  require.cache = internals._cache;
  require.extensions = internals._extensions;
  return require;
}
