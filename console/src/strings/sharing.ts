/** The sharing area's words (zh-CN); imported by that area's pages only (../strings.ts says why). */
export const sharing = {} as const;
