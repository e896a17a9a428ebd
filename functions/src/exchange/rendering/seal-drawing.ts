import type { FontRole, SealElement } from '@govshare/domain/exchange';
import type { LayoutFonts } from './fonts.ts';

/**
 * The drawn seal (印章) of a unit, as both writers emit it: a red ring, the unit's name along the
 * upper arc with each character turned to face outwards, and a five-pointed star at the centre, the
 * way 国务院关于国家行政机关和企业事业单位社会团体印章管理的规定 describes the round seal of an organ.
 * Millimetres relative to the seal's centre, y down (the page model's axes).
 */
export interface SealDrawing {
  /** GB/T 9704 5.2.4 only says red; pure red prints as the seal ink does. */
  colour: { r: number; g: number; b: number };
  /** Stroked circles. */
  rings: { radiusMm: number; widthMm: number }[];
  /** Filled closed polygon. */
  star: [number, number][];
  /**
   * Characters placed by the left end of their baseline (originX, originY) and turned clockwise by
   * `rotationDeg` about that point; CJK glyphs are one em wide, so no measurement is needed.
   * `path` is the glyph's outline in that frame (mm, y down) when fonts were given: writers fill
   * it, so the seal is drawn as shapes and its name does not mix into the document's text.
   */
  glyphs: {
    char: string;
    originX: number;
    originY: number;
    rotationDeg: number;
    sizeMm: number;
    font: FontRole;
    path?: string;
  }[];
}

export const SEAL_RED = { r: 255, g: 0, b: 0 };
/** The embedded font's ideographic em box: 0.88 em above the baseline. */
const EM_ASCENT = 0.88;
/** Seal lettering is a heavy Song. */
const SEAL_FONT: FontRole = 'xiaobiaosong';

export function sealDrawing(seal: SealElement, fonts?: Pick<LayoutFonts, 'glyphPath'>): SealDrawing {
  const radius = seal.diameterMm / 2;
  const ringWidth = seal.diameterMm * 0.028;
  const chars = [...seal.unitName];
  // The name runs over the top, through at most 250° of the circle, its characters' tops a little inside the ring.
  const span = (Math.min(250, Math.max(120, chars.length * 32)) * Math.PI) / 180;
  const textOuter = radius - ringWidth - seal.diameterMm * 0.03;
  const sizeMm = Math.min(seal.diameterMm * 0.17, ((textOuter * span) / Math.max(1, chars.length)) * 0.8);
  const centreRadius = textOuter - sizeMm / 2;
  const glyphs = chars.map((char, index) => {
    const angle = -span / 2 + (span * (index + 0.5)) / chars.length;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const centreX = centreRadius * sin;
    const centreY = -centreRadius * cos;
    // From the em box's centre to the baseline's left end, in the character's frame, then turned.
    const localX = -sizeMm / 2;
    const localY = (EM_ASCENT - 0.5) * sizeMm;
    return {
      char,
      originX: centreX + localX * cos - localY * sin,
      originY: centreY + localX * sin + localY * cos,
      rotationDeg: (angle * 180) / Math.PI,
      sizeMm,
      font: SEAL_FONT,
      ...(fonts ? { path: fonts.glyphPath(SEAL_FONT, char, sizeMm) } : {}),
    };
  });
  const starOuter = seal.diameterMm * 0.19;
  const starInner = starOuter * 0.381966;
  const star: [number, number][] = [];
  for (let point = 0; point < 10; point++) {
    const angle = -Math.PI / 2 + (point * Math.PI) / 5;
    const r = point % 2 === 0 ? starOuter : starInner;
    star.push([r * Math.cos(angle), r * Math.sin(angle)]);
  }
  return {
    colour: SEAL_RED,
    rings: [{ radiusMm: radius - ringWidth / 2, widthMm: ringWidth }],
    star,
    glyphs,
  };
}
