import { io } from '../../gomod/core/mod-file.js';
export const peer = io;
