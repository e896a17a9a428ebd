export * from './approval-reply.ts';
export * from './checks.ts';
export * from './decisions.ts';
export * from './pipeline.ts';
export * from './project.ts';
export * from './recollection.ts';
export * from './registers.ts';
export * from './similarity.ts';
