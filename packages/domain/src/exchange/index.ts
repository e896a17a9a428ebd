export * from './classification.ts';
export * from './delivery.ts';
export * from './document.ts';
export * from './document-number.ts';
export * from './history.ts';
export * from './seal.ts';
export * from './urges.ts';
export * from './workflow.ts';
