// Bundles the CLI (rolldown.config.js says why and how) and prints nothing on success: rolldown's own
// command lists every chunk, 40 lines that `npm ci` and `npm run demo` showed before anything useful.
// A warning fails the build: each one so far named a real mistake (a dynamic import that split nothing).
import { stripVTControlCharacters } from 'node:util';
import { build } from 'rolldown';
import config from '../rolldown.config.js';

const warnings = [];
try {
  await build({
    ...config,
    onLog(level, log) {
      if (level === 'warn') warnings.push(log);
    },
  });
} catch (error) {
  console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (warnings.length > 0) {
  // The message already starts with the code, in colour.
  for (const warning of warnings) console.error(`bundle: ${stripVTControlCharacters(warning.message).trim()}`);
  console.error(
    `bundle: ${warnings.length} warning${warnings.length === 1 ? '' : 's'}; fix them (the build takes none)`,
  );
  process.exit(1);
}
