/**
 * GB/T 9704-2012's page geometry in millimetres, and the figures derived from it. Every other
 * number of the layout is computed from these.
 *
 * - 5.2.1 / 5.2.2: A4; 版心 156 × 225 mm; 天头 (top margin) 37 mm; 订口 (binding margin) 28 mm.
 * - 5.2.2: 正文 3号 (16 pt = 5.644 mm), 22 lines of 28 characters "撑满版心". 28 characters of
 *   5.644 mm would be 158.0 mm, wider than the 版心, so the character pitch is the 版心 width over 28:
 *   156 / 28 = 5.571 mm (15.79 pt), each glyph drawn 0.073 mm tighter than its em. The line pitch
 *   is the 版心 height over 22: 225 / 22 = 10.227 mm (28.99 pt; the 28.95 pt "固定值" of the usual
 *   word-processor templates rounds it). Each line is a cell of that height with its em box centred,
 *   so the first line's cell starts at the 版心 top and the 22nd ends at its bottom.
 * - The embedded fonts (Noto CJK) use the ideographic em box 0.88 em above and 0.12 em below the
 *   baseline: the baseline of a cell is its top + (pitch − em) / 2 + 0.88 em.
 */

export const MM_PER_PT = 25.4 / 72;

export const TEXT_TOP_MM = 37;
export const TEXT_LEFT_MM = 28;
export const TEXT_WIDTH_MM = 156;
export const TEXT_HEIGHT_MM = 225;
export const TEXT_RIGHT_MM = TEXT_LEFT_MM + TEXT_WIDTH_MM;
export const TEXT_BOTTOM_MM = TEXT_TOP_MM + TEXT_HEIGHT_MM;

export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
export const LINE_PITCH_MM = TEXT_HEIGHT_MM / LINES_PER_PAGE;
export const CHAR_PITCH_MM = TEXT_WIDTH_MM / CHARS_PER_LINE;

/** The printing trade's 号 (GB/T 148 has none; the sizes every 公文 template uses). */
export const SIZE_PT = { 二号: 22, 三号: 16, 四号: 14 } as const;
export const BODY_PT = SIZE_PT.三号;

/** Ascent of the ideographic em box, in ems (Noto CJK: typoAscender 880 of 1000). */
export const EM_ASCENT = 0.88;

export const emMm = (sizePt: number) => sizePt * MM_PER_PT;

/** Baseline of text of `sizePt` in the line cell starting at `cellTop`. */
export const baselineInCell = (cellTop: number, sizePt: number) =>
  cellTop + (LINE_PITCH_MM - emMm(sizePt)) / 2 + EM_ASCENT * emMm(sizePt);

/** Baseline that puts the top of the em box at `emTop`. */
export const baselineBelow = (emTop: number, sizePt: number) => emTop + EM_ASCENT * emMm(sizePt);

/** 7.2.4: upper edge of the 发文机关标志 35 mm below the 版心 top (10.3 纪要 the same). */
export const ISSUER_MARK_OFFSET_MM = 35;
/** 10.2: the 命令 mark 20 mm below the 版心 top. */
export const ORDER_MARK_OFFSET_MM = 20;
/** 10.1: the 信函 mark 30 mm below the page's top edge; its red double lines 170 mm long. */
export const LETTER_MARK_TOP_MM = 30;
export const LETTER_RULE_LENGTH_MM = 170;
/** 10.1: the lower double line 20 mm above the page's bottom edge. */
export const LETTER_BOTTOM_RULE_FROM_BOTTOM_MM = 20;
/** 10.1: elements under the double line start 7/8 of a 3号 character's height below it. */
export const LETTER_GAP_MM = (7 / 8) * emMm(BODY_PT);
/** 7.2.7: the separator 4 mm under the 发文字号. */
export const SEPARATOR_GAP_MM = 4;
export const SEPARATOR_WIDTH_MM = 0.35;
/** 7.4.1: 版记 lines, first and last 0.35 mm, the ones between 0.25 mm. */
export const COLOPHON_THICK_MM = 0.35;
export const COLOPHON_THIN_MM = 0.25;
/** 7.5: the 一字线 of the page number 7 mm below the 版心. */
export const PAGE_NUMBER_GAP_MM = 7;
/**
 * Height of the 一字线 (U+2014) above the baseline, in ems: in Noto Serif SC its stroke spans
 * 0.242–0.293 em, so the baseline sits 0.27 em below the line the standard measures to.
 */
export const DASH_CENTRE_EM = 0.27;
/** A seal is commonly 42 mm across (the standard leaves it to the seal rules). */
export const SEAL_DIAMETER_MM = 42;
/** The 发文机关标志's largest size; smaller when the name would not fit the 版心 width. */
export const ISSUER_MARK_MAX_PT = 48;
