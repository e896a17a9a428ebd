export * from './defaults.ts';
export * from './env.ts';
export * from './govshare.ts';
export * from './resources.ts';
export * from './types.ts';
