export * from './access-requests.ts';
export * from './dataset-queries.ts';
export * from './datasets.ts';
export * from './grants.ts';
