/** The review area's words (zh-CN); part of `zh` in ../strings.ts. */
export const review = {} as const;
