/** The review area's words (zh-CN); imported by that area's pages only (../strings.ts says why). */
export const review = {} as const;
