export * from './chain.ts';
export * from './checkpoint.ts';
export * from './events.ts';
