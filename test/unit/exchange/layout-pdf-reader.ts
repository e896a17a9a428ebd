import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF back with an independent parser (Mozilla's pdf.js): each text item's position from
 * its text matrix, each straight stroked line from the operator list, all in millimetres from the
 * page's top-left corner, as GB/T 9704 measures.
 */

const MM_PER_PT = 25.4 / 72;

export interface ReadText {
  str: string;
  /** Left end and baseline, mm from the top-left corner. */
  x: number;
  baseline: number;
  sizePt: number;
  width: number;
}

export interface ReadLine {
  x1: number;
  x2: number;
  y: number;
  widthMm: number;
  colour: string;
}

export interface ReadPage {
  widthMm: number;
  heightMm: number;
  texts: ReadText[];
  lines: ReadLine[];
  /** Where each text-showing operator starts (from its text matrix) and the fill colour it paints with. */
  textFills: { x: number; baseline: number; fill: string }[];
  images: number;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPage[]> {
  const loading = getDocument({ data: bytes.slice(), verbosity: 0 });
  const pdf = await loading.promise;
  const pages: ReadPage[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const texts: ReadText[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.length === 0) continue;
      const [a, , , , e, f] = item.transform as number[];
      texts.push({
        str: item.str,
        x: (e as number) * MM_PER_PT,
        baseline: (height - (f as number)) * MM_PER_PT,
        sizePt: a as number,
        width: item.width * MM_PER_PT,
      });
    }
    const operators = await page.getOperatorList();
    const lines: ReadLine[] = [];
    const textFills: ReadPage['textFills'] = [];
    let lineWidth = 1;
    let stroke = '#000000';
    let fill = '#000000';
    let matrix: number[] = [1, 0, 0, 1, 0, 0];
    let images = 0;
    operators.fnArray.forEach((fn, index) => {
      if (fn === OPS.paintImageXObject) images++;
      const args = operators.argsArray[index];
      if (fn === OPS.setLineWidth) lineWidth = args[0];
      if (fn === OPS.setStrokeRGBColor) stroke = args[0];
      if (fn === OPS.setFillRGBColor) fill = args[0];
      if (fn === OPS.setTextMatrix) matrix = Array.from(args[0] as ArrayLike<number>);
      if (fn === OPS.showText) {
        // pdfkit flips its y-down page back before each text object, so the text matrix is in PDF space.
        textFills.push({
          x: (matrix[4] as number) * MM_PER_PT,
          baseline: (height - (matrix[5] as number)) * MM_PER_PT,
          fill,
        });
      }
      if (fn === OPS.constructPath && args[0] === OPS.stroke) {
        // pdfkit draws in its y-down space under the page's flip, so the path's box is already y-down.
        const [minX, minY, maxX, maxY] = Array.from(args[2] as ArrayLike<number>);
        if (Math.abs((minY as number) - (maxY as number)) < 1e-3) {
          lines.push({
            x1: (minX as number) * MM_PER_PT,
            x2: (maxX as number) * MM_PER_PT,
            y: (minY as number) * MM_PER_PT,
            widthMm: lineWidth * MM_PER_PT,
            colour: stroke,
          });
        }
      }
    });
    pages.push({ widthMm: width * MM_PER_PT, heightMm: height * MM_PER_PT, texts, lines, textFills, images });
  }
  await loading.destroy();
  return pages;
}

/** The em box top of a text item set in the embedded Noto CJK fonts (0.88 em above the baseline). */
export const emTop = (text: ReadText) => text.baseline - 0.88 * text.sizePt * MM_PER_PT;
export const emBottomOf = (text: ReadText) => text.baseline + 0.12 * text.sizePt * MM_PER_PT;
export const ptToMm = (value: number) => value * MM_PER_PT;
