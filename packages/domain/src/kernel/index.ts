export * from './china-time.ts';
export * from './errors.ts';
export * from './identifiers.ts';
export * from './roles.ts';
export * from './schemas.ts';
export * from './working-days.ts';
