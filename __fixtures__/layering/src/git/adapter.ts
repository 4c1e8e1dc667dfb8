import { up } from '../formats/gomod/sync.js';
export const adapter = up;
