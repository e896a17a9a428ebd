export * from './access.ts';
export * from './divisions.ts';
export * from './masking.ts';
export * from './periods.ts';
export * from './records.ts';
