export * from './base-resources.ts';
export * from './grants.ts';
