export * from './identity/roles.ts';
