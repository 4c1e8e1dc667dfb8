#!/usr/bin/env node
'use strict';

// CommonJS on purpose: see rolldown.config.js.
try {
  require('../dist/bin/compile-cache.cjs').enableCompileCache(
    require('node:path').join(__dirname, '../dist/bin'),
    process.env,
  );
} catch {
  // Only slower without it.
}
require('../dist/bin/vendorfork.cjs').run();
