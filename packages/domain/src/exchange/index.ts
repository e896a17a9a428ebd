export * from './classification.ts';
export * from './document.ts';
export * from './document-number.ts';
