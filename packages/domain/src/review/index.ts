export * from './checks.ts';
export * from './decisions.ts';
export * from './project.ts';
