import { up } from '../gomod/sync.js';
export const common = up;
