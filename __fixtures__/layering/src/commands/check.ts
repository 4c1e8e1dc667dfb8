export const name = 'commands';
