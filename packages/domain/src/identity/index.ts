export * from './model.ts';
export * from './roles.ts';
export * from './rules.ts';
