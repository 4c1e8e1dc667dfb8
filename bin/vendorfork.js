#!/usr/bin/env node
import { run } from '../dist/bin/vendorfork.js';

await run();
