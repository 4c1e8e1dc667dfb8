export const name = 'registry';
