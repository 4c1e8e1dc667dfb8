import { up } from '../formats/gomod/sync.js';
export const reach = up;
