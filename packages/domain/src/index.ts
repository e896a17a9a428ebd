export * from './audit/index.ts';
export * from './catalogue/index.ts';
export * from './errors.ts';
export * from './identity/index.ts';
export * from './registry/index.ts';
export * from './sharing/index.ts';
