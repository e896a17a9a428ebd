/** The exchange area's words (zh-CN); part of `zh` in ../strings.ts. */
export const exchange = {} as const;
