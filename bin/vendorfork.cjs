#!/usr/bin/env node
'use strict';

// CommonJS on purpose: see rolldown.config.js.
require('../dist/bin/vendorfork.cjs').run();
