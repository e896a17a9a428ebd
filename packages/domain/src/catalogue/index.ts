export * from './base-resources.ts';
export * from './ckan.ts';
export * from './dcat.ts';
export * from './lifecycle.ts';
export * from './resource.ts';
export * from './search.ts';
export * from './share-types.ts';
