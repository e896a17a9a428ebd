export * from './env.ts';
export * from './govshare.ts';
export * from './types.ts';
