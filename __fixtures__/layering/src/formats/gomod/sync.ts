import { name } from '../../commands/check.js';
export const up = name;
