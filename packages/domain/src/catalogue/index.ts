export * from './lifecycle.ts';
export * from './resource.ts';
