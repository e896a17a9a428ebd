export * from './access-requests.ts';
export * from './datasets.ts';
export * from './grants.ts';
export * from './dataset-queries.ts';
