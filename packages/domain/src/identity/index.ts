export * from './calendar.ts';
export * from './model.ts';
export * from './rules.ts';
