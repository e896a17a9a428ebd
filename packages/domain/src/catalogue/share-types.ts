/** 共享类型 (the national catalogue guide): 无条件共享 / 有条件共享 / 不予共享. */
export const SHARE_TYPES = ['unconditional', 'conditional', 'not-shared'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];
