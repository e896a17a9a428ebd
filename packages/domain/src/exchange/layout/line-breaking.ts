import type { FontRole, MeasureText } from './page-model.ts';

/**
 * Chinese line breaking (the 避头尾 rules of GB/T 15834 usage and every Chinese typesetter): no
 * line starts with closing punctuation, none ends with opening punctuation, and a number or a Latin
 * word is not split. A line that would break a rule gives its last character(s) to the next line
 * and is spread to the full width instead.
 */

export const NO_LINE_START = new Set([...'，。、；：？！）》」』〕］】〉”’…—·%‰,.;:?!)]}']);
export const NO_LINE_END = new Set([...'（《「『〔［【〈“‘([{']);
const UNBREAKABLE = /[0-9A-Za-z.%．\-_/@]/;

/** One character and the font it is set in. */
export interface Glyph {
  char: string;
  font: FontRole;
  role: string;
}

export function widthCache(measure: MeasureText) {
  const cache = new Map<string, number>();
  return (char: string, font: FontRole, sizePt: number) => {
    const key = `${font}|${sizePt}|${char}`;
    let width = cache.get(key);
    if (width === undefined) {
      width = measure(char, font, sizePt);
      cache.set(key, width);
    }
    return width;
  };
}

export type CharWidth = ReturnType<typeof widthCache>;

const breaksRule = (glyphs: Glyph[], at: number) => {
  const before = glyphs[at - 1]?.char ?? '';
  const after = glyphs[at]?.char ?? '';
  return (
    NO_LINE_START.has(after) ||
    NO_LINE_END.has(before) ||
    (UNBREAKABLE.test(before) && UNBREAKABLE.test(after))
  );
};

/**
 * Splits `glyphs` into lines: the first `firstWidth` wide, the others `width`, each glyph advancing
 * by its width plus `spacing`. Returns the index each line starts at.
 */
export function breakLines(
  glyphs: Glyph[],
  charWidth: (glyph: Glyph) => number,
  spacing: number,
  firstWidth: number,
  width: number,
): number[][] {
  const lines: number[][] = [];
  let start = 0;
  while (start < glyphs.length) {
    const limit = (lines.length === 0 ? firstWidth : width) + 0.01;
    let end = start;
    let used = 0;
    while (end < glyphs.length) {
      const next = used + charWidth(glyphs[end] as Glyph) + spacing;
      if (next > limit && end > start) break;
      used = next;
      end++;
    }
    if (end < glyphs.length) {
      let candidate = end;
      while (candidate > start + 1 && breaksRule(glyphs, candidate)) candidate--;
      // A line made only of unbreakable text (a very long number or address) is cut where it fills.
      if (!breaksRule(glyphs, candidate)) end = candidate;
    }
    lines.push([start, end]);
    start = end;
  }
  return lines;
}

/** Whether a line obeys the rules: used by tests and by the title's breaker. */
export function obeysLineRules(line: string): boolean {
  const chars = [...line];
  return !NO_LINE_START.has(chars[0] ?? '') && !NO_LINE_END.has(chars.at(-1) ?? '');
}

/** The positions where a title may break: between words, never against the punctuation rules. */
export function titleBreakPoints(title: string): Set<number> {
  const points = new Set<number>();
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  let offset = 0;
  let previousLength = 0;
  for (const { segment } of segmenter.segment(title)) {
    const length = [...segment].length;
    // Two one-character segments side by side are mostly a word the dictionary does not know (市|级).
    if (offset > 0 && !(length === 1 && previousLength === 1)) points.add(offset);
    offset += length;
    previousLength = length;
  }
  const glyphs = [...title].map((char) => ({ char, font: 'xiaobiaosong' as const, role: 'title' }));
  for (const point of [...points]) if (breaksRule(glyphs, point)) points.delete(point);
  return points;
}
