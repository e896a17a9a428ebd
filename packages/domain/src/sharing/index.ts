export * from './access-requests.ts';
export * from './datasets.ts';
export * from './grants.ts';
