/** The sharing area's words (zh-CN); part of `zh` in ../strings.ts. */
export const sharing = {} as const;
