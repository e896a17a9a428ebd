/**
 * Solid tag colours (white text on them) for what must stand out: antd's preset orange and green
 * tags (dark text on a pale ground) are under WCAG AA's 4.5:1, as axe-core found. Each here is
 * at least 5.8:1 against white.
 */
export const TAG_COLOR = { red: '#a8071a', orange: '#ad4e00', green: '#237804' } as const;
