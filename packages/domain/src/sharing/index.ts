export * from './access-requests.ts';
export * from './base-resources.ts';
export * from './calendar.ts';
export * from './datasets.ts';
export * from './grants.ts';
