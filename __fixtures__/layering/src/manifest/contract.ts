import { name } from '../formats/index.js';
export const contract = name;
