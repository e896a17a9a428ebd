/** The admin area's words (zh-CN); part of `zh` in ../strings.ts. */
export const admin = {} as const;
