export * from './dcat.ts';
export * from './lifecycle.ts';
export * from './resource.ts';
export * from './search.ts';
