import { readFileSync } from 'node:fs';
import { run } from '../../../git/run.js';
export const io = () => [readFileSync, run];
